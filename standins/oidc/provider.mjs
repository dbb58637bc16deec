// A local OpenID Connect provider for Relais's tests: panva's oidc-provider (OpenID certified), with its config
// kept small. standins/oidc_provider.py starts it with a JSON config in OIDC_STANDIN_CONFIG:
//   {"clients": [{client_id, client_secret, redirect_uris}], "users": [{login, password, sub, email, name}]}
// It listens on a free loopback port and prints "ready <issuer>" once it answers. Its sign-in page checks the
// login and password of the configured users and grants what the client asked for (no consent screen), then
// sends the browser back with an authorization code. Everything is in memory: a restart forgets it all.
import { createServer } from "node:http";
import Provider from "oidc-provider";

const config = JSON.parse(process.env.OIDC_STANDIN_CONFIG);
const users = new Map(config.users.map((user) => [user.login, user]));
const bySub = new Map(config.users.map((user) => [user.sub, user]));

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (uid, error) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head>
<body><main><h1>Test identity provider</h1>${error ? `<p role="alert">${escape(error)}</p>` : ""}
<form method="post" action="/interaction/${escape(uid)}">
<label>Login <input name="login" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form></main></body></html>`;

async function form(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

// The sign-in page: a known login with its password finishes the interaction with a grant of what was asked.
const interactions = (provider) => async (ctx, next) => {
  const match = /^\/interaction\/[\w-]+$/.exec(ctx.path);
  if (!match) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  ctx.set("Cache-Control", "no-store");
  ctx.type = "html";
  if (ctx.method === "GET") {
    ctx.body = page(details.uid);
    return undefined;
  }
  const body = await form(ctx.req);
  const user = users.get(body.get("login") || "");
  if (!user || user.password !== body.get("password")) {
    ctx.status = 401;
    ctx.body = page(details.uid, "Wrong login or password.");
    return undefined;
  }
  const grant = new provider.Grant({ accountId: user.sub, clientId: details.params.client_id });
  grant.addOIDCScope(String(details.params.scope || "openid"));
  const result = { login: { accountId: user.sub }, consent: { grantId: await grant.save() } };
  ctx.status = 303;
  ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false }));
  return undefined;
};

function build(issuer) {
  const provider = new Provider(issuer, {
    clients: config.clients.map((client) => ({
      client_id: client.client_id,
      client_secret: client.client_secret,
      redirect_uris: client.redirect_uris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
    })),
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    cookies: { keys: ["relais-oidc-standin"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    async findAccount(ctx, sub) {
      const user = bySub.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, email: user.email, email_verified: true, name: user.name }),
      };
    },
  });
  provider.use(interactions(provider));
  return provider;
}

const server = createServer();
server.listen(0, "127.0.0.1", () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  server.on("request", build(issuer).callback());
  process.stdout.write(`ready ${issuer}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
