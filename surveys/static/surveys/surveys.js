/* Progressive enhancement: hide questions whose condition is not met. The server decides
   anyway; without JavaScript every question is shown with a hint. */
(function () {
  "use strict";
  var form = document.querySelector(".survey-form");
  if (!form) { return; }
  var conditional = form.querySelectorAll("[data-show-if]");
  if (!conditional.length) { return; }

  function isMet(element) {
    var name = "q-" + element.getAttribute("data-show-if");
    var wanted = element.getAttribute("data-show-if-value");
    var inputs = form.querySelectorAll('input[name="' + name + '"]');
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].checked && inputs[i].value === wanted) { return true; }
    }
    return false;
  }

  function update() {
    for (var i = 0; i < conditional.length; i++) {
      var element = conditional[i];
      var shown = isMet(element);
      var target = document.getElementById("question-" + element.getAttribute("data-show-if"));
      // A question whose own condition hides it cannot satisfy another condition.
      if (target && target.hidden) { shown = false; }
      element.hidden = !shown;
      var hint = element.querySelector("[data-condition-hint]");
      if (hint) { hint.hidden = true; }
    }
  }

  form.addEventListener("change", update);
  update();
}());
