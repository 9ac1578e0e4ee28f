// The staff console's one script (hand-written, served as it is): htmx sends form fields as
// application/x-www-form-urlencoded, the platform accepts JSON bodies only, so each htmx request
// body is sent as JSON. Empty fields are left out (optional fields absent, not "").
document.addEventListener('htmx:before:request', (event) => {
  const request = event.detail && event.detail.ctx && event.detail.ctx.request;
  if (!request || !request.body || typeof request.body === 'string') return;
  if (!(request.body instanceof URLSearchParams || request.body instanceof FormData)) return;
  const data = {};
  for (const [key, value] of request.body) if (value !== '') data[key] = value;
  request.body = JSON.stringify(data);
  request.headers['Content-Type'] = 'application/json';
});
// After an answer replaced the case, the outcome is announced (role=status) and focused for keyboard users.
document.addEventListener('htmx:after:swap', () => {
  const outcome = document.querySelector('#case .outcome');
  if (outcome && outcome.textContent.trim()) {
    outcome.setAttribute('tabindex', '-1');
    outcome.focus();
  }
});
