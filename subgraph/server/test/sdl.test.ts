import { describe, expect, it } from "vitest";
import { parseSubgraphSchema } from "../sdl.js";
import { TEST_SCHEMA } from "./fixtures.js";

describe("parseSubgraphSchema", () => {
  it("reads entities, fields, references, derived fields and enums", () => {
    const model = parseSubgraphSchema(TEST_SCHEMA);
    const mint = model.entities.get("Mint")!;
    expect(mint.immutable).toBe(true);
    expect(mint.fieldByName.get("index")).toMatchObject({ kind: "entity", typeName: "Index", valueType: "ID" });
    const index = model.entities.get("Index")!;
    expect(index.immutable).toBe(false);
    expect(index.fieldByName.get("mints")).toMatchObject({ list: true, derivedFrom: "index" });
    expect(index.stored.map((f) => f.name)).not.toContain("mints");
    expect(model.entities.get("Account")!.idType).toBe("Bytes");
    expect(model.entities.get("Vote")!.fieldByName.get("voter")!.valueType).toBe("Bytes");
    expect(model.enums.get("ProposalState")).toEqual(["Pending", "Active", "Executed"]);
  });

  it.each([
    ["interface Thing { id: ID! }", /interfaces are not supported/],
    ["type A @entity { id: ID! b: Nope }", /unknown type Nope/],
    ["type A @entity { name: String }", /needs an id/],
    ["type A @entity { id: ID! xs: [[Int]] }", /nested lists/],
    ["type A { id: ID! }", /only @entity types/],
    [
      'type A @entity { id: ID! bs: [B!]! @derivedFrom(field: "nope") } type B @entity { id: ID! }',
      /must name a stored reference/,
    ],
    ["type A @entity(timeseries: true) { id: Int8! }", /timeseries/],
  ])("refuses %s", (sdl, message) => {
    expect(() => parseSubgraphSchema(sdl)).toThrow(message);
  });
});
