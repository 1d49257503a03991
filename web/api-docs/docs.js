// Renders the API's contract, as counterd serves it, with Swagger UI. Kept in a file of its own:
// the page's Content-Security-Policy allows no inline script.
window.SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#reference",
  deepLinking: true,
  defaultModelsExpandDepth: 0,
  tryItOutEnabled: false,
});
