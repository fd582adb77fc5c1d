// The case pages' small enhancements; every form works without them.
"use strict";
(function () {
  // A form refused (422), a change that lost a race or the case does not take (409), or
  // something not found (404): the page the server answers holds the message next to
  // the field, so its section is swapped in like a success's.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr && event.detail.xhr.status;
    if (status === 422 || status === 409 || status === 404) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // After a swap the focus goes to the first field in error, else to the section.
  document.addEventListener("htmx:afterSwap", function (event) {
    var section = event.detail.target;
    if (!section || !document.body.contains(section)) {
      section = document.getElementById(event.detail.target && event.detail.target.id);
    }
    if (!section) { return; }
    var invalid = section.querySelector("[aria-invalid=true]");
    (invalid || section).focus();
  });
  // Copy the abuse report's text.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var status = document.getElementById("copy-status");
      if (!source || !navigator.clipboard) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.textContent).then(function () {
          if (status) { status.textContent = status.getAttribute("data-copied"); }
        });
      });
    });
  });
})();
