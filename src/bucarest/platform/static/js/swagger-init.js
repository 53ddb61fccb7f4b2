/* Starts Swagger UI on /api/docs from the page's JSON configuration (no inline script, so
   the Content-Security-Policy can forbid them). */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("swagger-config").textContent);
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  window.ui = SwaggerUIBundle(config);
})();
