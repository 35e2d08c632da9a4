/**
 * The keeper's signing keys: a role's key from the environment, or decrypted from an encrypted JSON keystore whose
 * password comes from the environment or a file. Failures say which variable to fix; no key or password is ever
 * logged or put in an error message.
 */
import { readFile } from "node:fs/promises";
import { Wallet, type BaseWallet, type Provider } from "ethers";
import type { KeySource } from "./config.js";

/** A key that cannot be loaded (missing file, not a keystore, wrong password). */
export class KeyError extends Error {
  override name = "KeyError";
}

/** The wallet of `source`, connected to `provider`. */
export async function loadWallet(source: KeySource, provider: Provider): Promise<BaseWallet> {
  if (source.kind === "privateKey") return new Wallet(source.privateKey, provider);
  const json = await readFile(source.path, "utf8").catch((err: NodeJS.ErrnoException) => {
    throw new KeyError(`${source.variable}: cannot read the keystore ${source.path} (${err.code ?? err.message})`);
  });
  let password: string;
  if (source.password.kind === "env") password = source.password.value;
  else {
    const file = source.password.path;
    const variable = source.password.variable;
    password = await readFile(file, "utf8").then(
      // A trailing newline (echo pass > file) is not part of the password.
      (text) => text.replace(/\r?\n$/, ""),
      (err: NodeJS.ErrnoException) => {
        throw new KeyError(`${variable}: cannot read the password file ${file} (${err.code ?? err.message})`);
      },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new KeyError(`${source.variable}: ${source.path} is not JSON (expected an encrypted JSON keystore)`);
  }
  if (typeof parsed !== "object" || parsed === null || !("crypto" in parsed || "Crypto" in parsed)) {
    throw new KeyError(`${source.variable}: ${source.path} is not an encrypted JSON keystore (no "crypto" section)`);
  }
  try {
    const wallet = await Wallet.fromEncryptedJson(json, password);
    return wallet.connect(provider);
  } catch (err) {
    const message = (err as Error).message;
    if (/incorrect password|invalid password/i.test(message)) {
      throw new KeyError(
        `${source.variable}: wrong password for ${source.path} (from ${source.password.variable}); nothing was signed`,
      );
    }
    throw new KeyError(`${source.variable}: cannot decrypt ${source.path}: ${message.split("\n")[0]}`);
  }
}
