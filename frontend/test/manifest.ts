/** The manifest the unit tests build the app against: the manifest module's local-stack fixture, with a lens. */
import { localManifest } from "../../manifest/test/fixtures.js";
import type { Manifest } from "../../manifest/schema.js";

const fixture = localManifest();

export const LENS = "0x00000000000000000000000000000000000000e1";

const manifest: Manifest = {
  ...fixture,
  contracts: { ...fixture.contracts, IndexLens: { address: LENS } },
};

export default manifest;
