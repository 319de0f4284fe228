// Runs first thing in <body>, before it paints, so GOV.UK Frontend's JavaScript-only styles apply
// at once. A file rather than an inline script: the Content-Security-Policy allows only 'self'.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
