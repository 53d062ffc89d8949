import type { Request, Response } from "express";

/**
 * The console's cookies. The session cookie is httpOnly, SameSite=Strict, a browser-session cookie (the server
 * enforces the idle and absolute timeouts), and Secure behind TLS — then with the `__Host-` prefix, which pins
 * it to this host and path `/`.
 */
export const SESSION_COOKIE = "tb_console";
const SECURE_SESSION_COOKIE = "__Host-tb_console";
/** double-submit token of the login form (there is no session yet to hold one) */
export const LOGIN_COOKIE = "tb_login";

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{1,128}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

export function setSessionCookie(res: Response, token: string, secure: boolean): void {
  res.cookie(sessionCookieName(secure), token, {
    httpOnly: true,
    sameSite: "strict",
    secure,
    path: secure ? "/" : "/console",
  });
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(sessionCookieName(secure), { httpOnly: true, sameSite: "strict", secure, path: secure ? "/" : "/console" });
}

export function setLoginCookie(res: Response, token: string, secure: boolean): void {
  res.cookie(LOGIN_COOKIE, token, {
    httpOnly: true,
    sameSite: "strict",
    secure,
    path: "/console/login",
    maxAge: 60 * 60_000,
  });
}

export function clearLoginCookie(res: Response, secure: boolean): void {
  res.clearCookie(LOGIN_COOKIE, { httpOnly: true, sameSite: "strict", secure, path: "/console/login" });
}
