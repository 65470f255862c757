// Forms on pages from the whole-page cache carry no CSRF token: each fetches one, from an
// address that is never cached, when the visitor first touches it or sends it. Without
// JavaScript the portal answers the first post with the form again, filled in and with
// a token (docs/performance.md).
(function () {
    "use strict";
    function withToken(form) {
        if (!form.csrfRequest) {
            form.csrfRequest = fetch(form.dataset.csrfUrl, {
                credentials: "same-origin",
                headers: { Accept: "application/json" },
            })
                .then(function (response) { return response.json(); })
                .then(function (data) {
                    var input = document.createElement("input");
                    input.type = "hidden";
                    input.name = data.name;
                    input.value = data.token;
                    form.appendChild(input);
                });
        }
        return form.csrfRequest;
    }
    document.querySelectorAll("form[data-csrf-url]").forEach(function (form) {
        form.addEventListener("focusin", function () { withToken(form); }, { once: true });
        form.addEventListener("submit", function (event) {
            if (form.querySelector("input[name=csrfmiddlewaretoken]")) {
                return;
            }
            event.preventDefault();
            withToken(form).then(function () { form.submit(); }, function () { form.submit(); });
        });
    });
})();
