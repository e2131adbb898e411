// The desk's alert region (#desk-alert, templates/desk/base.html) tells of a request the
// server could not answer: "Nothing was saved". Once a later request is answered, saved or
// refused with its reason, that message no longer holds, so it goes.
document.addEventListener("htmx:afterRequest", (event) => {
  const status = event.detail.xhr.status;
  if (status > 0 && status < 500) {
    document.getElementById("desk-alert")?.replaceChildren();
  }
});
