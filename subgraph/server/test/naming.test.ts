import { describe, expect, it } from "vitest";
import { queryFieldNames, toCamelCase, toPlural } from "../naming.js";

describe("graph-node query field names", () => {
  it.each([
    ["Mint", "mint", "mints"],
    ["Index", "index", "indexes"],
    ["IndexDailySnapshot", "indexDailySnapshot", "indexDailySnapshots"],
    ["Account", "account", "accounts"],
    ["Proposal", "proposal", "proposals"],
    ["Vote", "vote", "votes"],
    ["Factory", "factory", "factories"],
    ["Stats", "stats", "stats_collection"],
    ["ERC20Token", "erc20Token", "erc20Tokens"],
    ["Status", "status", "statuses"],
  ])("%s → %s / %s", (type, single, collection) => {
    expect(queryFieldNames(type)).toEqual({ single, collection });
  });

  it("follows Inflector's case-sensitive rules", () => {
    expect(toPlural("index")).toBe("indices");
    expect(toPlural("Index")).toBe("Indexes");
    expect(toPlural("box")).toBe("boxes");
    expect(toPlural("sheep")).toBe("sheep");
    expect(toCamelCase("USDPrice")).toBe("usdprice");
  });
});
