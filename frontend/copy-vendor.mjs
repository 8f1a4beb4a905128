// Copy the browser builds of the locked npm packages into tongxin/static/vendor.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, "..", "tongxin", "static", "vendor");
const files = {
  "htmx.org/dist/htmx.min.js": "htmx.min.js",
  "echarts/dist/echarts.min.js": "echarts.min.js",
  "jsqr/dist/jsQR.js": "jsQR.js",
  // The API docs page (/api/v1/docs) serves Swagger UI from here, not from a CDN.
  "swagger-ui-dist/swagger-ui-bundle.js": "swagger-ui/swagger-ui-bundle.js",
  "swagger-ui-dist/swagger-ui.css": "swagger-ui/swagger-ui.css",
  "swagger-ui-dist/LICENSE": "swagger-ui/LICENSE",
};
// Source maps are not shipped; a dangling sourceMappingURL would break hashed static files.
const sourceMap = /\n?\/[*/]# sourceMappingURL=\S+?(\s*\*\/)?\s*$/;

for (const [source, name] of Object.entries(files)) {
  const from = join(here, "node_modules", source);
  const to = join(target, name);
  mkdirSync(dirname(to), { recursive: true });
  if (/\.(css|js)$/.test(name)) {
    writeFileSync(to, readFileSync(from, "utf8").replace(sourceMap, "\n"));
  } else {
    copyFileSync(from, to);
  }
  console.log(`vendor/${name}`);
}
