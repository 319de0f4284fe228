// Starts GOV.UK Frontend's components. Loaded as a module, so only browsers that GOV.UK Frontend
// supports run it; the relative path follows STATIC_URL wherever the static files are served.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
