/** RouteIndex: the index a route names, or the "Unknown index" page (both index screens use it). */
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { RouteIndex } from "../src/components/RouteIndex.js";
import { manifest } from "../src/config/manifest.js";

afterEach(cleanup);

function at(path: string) {
  render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route
          path="/index/:address"
          element={<RouteIndex>{(vault) => <p data-testid="vault">{vault}</p>}</RouteIndex>}
        />
      </Routes>
    </MemoryRouter>,
  );
}

describe("RouteIndex", () => {
  it("renders the screen for an index of the deployment, whatever the address's case", () => {
    const index = manifest.indices[0]!;
    at(`/index/${index.address.toLowerCase()}`);
    expect(screen.getByTestId("vault").textContent).toBe(index.address);
  });

  it("says an address that is not an index of this deployment is unknown, with a way back", () => {
    const stranger = "0x000000000000000000000000000000000000dEaD";
    at(`/index/${stranger}`);
    expect(screen.getByRole("heading").textContent).toBe("Unknown index");
    expect(screen.getByText(/is not an index of this deployment/).textContent).toContain(stranger);
    expect(screen.getByRole("link", { name: "Back to the indices" }).getAttribute("href")).toBe("/");
    expect(screen.queryByTestId("vault")).toBeNull();
  });
});
