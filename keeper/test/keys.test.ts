import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encryptKeystoreJson, JsonRpcProvider, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KeySource } from "../src/config.js";
import { KeyError, loadWallet } from "../src/keys.js";

describe("loadWallet: a role's key from the environment or an encrypted keystore", () => {
  let dir = "";
  const wallet = Wallet.createRandom();
  const provider = new JsonRpcProvider("http://127.0.0.1:1", undefined, { staticNetwork: true });
  type KeystorePassword = Extract<KeySource, { kind: "keystore" }>["password"];
  const keystore = (path: string, password: KeystorePassword): KeySource => ({
    kind: "keystore",
    variable: "TMAI_OPERATOR_KEYSTORE",
    path,
    password,
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tmai-keys-"));
    // A light scrypt so the test is quick; real keystores use ethers' (or geth's) default cost.
    const account = { address: wallet.address, privateKey: wallet.privateKey };
    const json = await encryptKeystoreJson(account, "correct horse", { scrypt: { N: 1 << 10 } });
    await writeFile(join(dir, "operator.json"), json);
    await writeFile(join(dir, "operator.pass"), "correct horse\n");
    await writeFile(join(dir, "wrong.pass"), "battery staple\n");
    await writeFile(join(dir, "notjson.json"), "hello");
    await writeFile(join(dir, "plain.json"), JSON.stringify({ address: wallet.address }));
  });
  afterAll(async () => {
    provider.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it("uses a key from the environment as is", async () => {
    const loaded = await loadWallet(
      { kind: "privateKey", variable: "TMAI_OPERATOR_PRIVATE_KEY", privateKey: wallet.privateKey },
      provider,
    );
    expect(loaded.address).toBe(wallet.address);
    expect(loaded.provider).toBe(provider);
  });

  it("decrypts a keystore with its password from a file (trailing newline ignored) or the environment", async () => {
    const fromFile = await loadWallet(
      keystore(join(dir, "operator.json"), {
        kind: "file",
        variable: "TMAI_OPERATOR_KEYSTORE_PASSWORD_FILE",
        path: join(dir, "operator.pass"),
      }),
      provider,
    );
    expect(fromFile.address).toBe(wallet.address);
    const fromEnv = await loadWallet(
      keystore(join(dir, "operator.json"), {
        kind: "env",
        variable: "TMAI_OPERATOR_KEYSTORE_PASSWORD",
        value: "correct horse",
      }),
      provider,
    );
    expect(fromEnv.address).toBe(wallet.address);
  });

  it("refuses a wrong password, naming the variables and never the password", async () => {
    const failure = await loadWallet(
      keystore(join(dir, "operator.json"), {
        kind: "file",
        variable: "TMAI_OPERATOR_KEYSTORE_PASSWORD_FILE",
        path: join(dir, "wrong.pass"),
      }),
      provider,
    ).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(KeyError);
    expect((failure as Error).message).toBe(
      `TMAI_OPERATOR_KEYSTORE: wrong password for ${join(dir, "operator.json")} (from ` +
        "TMAI_OPERATOR_KEYSTORE_PASSWORD_FILE); nothing was signed",
    );
    expect((failure as Error).message).not.toContain("battery");
  });

  it("says what is wrong with a missing file, a missing password file, or a file that is not a keystore", async () => {
    const env = { kind: "env" as const, variable: "TMAI_OPERATOR_KEYSTORE_PASSWORD", value: "x" };
    await expect(loadWallet(keystore(join(dir, "missing.json"), env), provider)).rejects.toThrow(
      /TMAI_OPERATOR_KEYSTORE: cannot read the keystore .*missing\.json \(ENOENT\)/,
    );
    await expect(
      loadWallet(
        keystore(join(dir, "operator.json"), {
          kind: "file",
          variable: "TMAI_OPERATOR_KEYSTORE_PASSWORD_FILE",
          path: join(dir, "missing.pass"),
        }),
        provider,
      ),
    ).rejects.toThrow(/TMAI_OPERATOR_KEYSTORE_PASSWORD_FILE: cannot read the password file .*\(ENOENT\)/);
    await expect(loadWallet(keystore(join(dir, "notjson.json"), env), provider)).rejects.toThrow(/is not JSON/);
    await expect(loadWallet(keystore(join(dir, "plain.json"), env), provider)).rejects.toThrow(
      /is not an encrypted JSON keystore/,
    );
  });
});
