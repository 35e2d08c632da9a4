/**
 * Serves the built dApp (a directory made by `vite build`) on 127.0.0.1: files as they are, and index.html for any
 * other path without a file extension (the app's routes, e.g. /index/0x…/trade), as a single-page app host does.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Starts serving `dir` on `host:port`; resolves once listening. */
export async function serveDapp(dir: string, host: string, port: number): Promise<Server> {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", `http://${host}`);
      let path = normalize(join(root, decodeURIComponent(url.pathname)));
      if (path !== root && !path.startsWith(root + sep)) {
        res.writeHead(403).end();
        return;
      }
      if (!(await isFile(path))) {
        if (extname(url.pathname) !== "") {
          res.writeHead(404, { "content-type": "text/plain" }).end("not found");
          return;
        }
        path = join(root, "index.html");
      }
      const hashed = path.includes(`${sep}assets${sep}`);
      res.writeHead(200, {
        "content-type": TYPES[extname(path)] ?? "application/octet-stream",
        "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
      });
      createReadStream(path).pipe(res);
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => ok());
  });
  return server;
}
