/** The index a route names by its `:address`, or a page saying this deployment has no such index. */
import type { ReactNode } from "react";
import { Link, useParams } from "react-router";
import type { Address } from "viem";
import { indexAt } from "../config/manifest.js";

export function RouteIndex({ children }: { children: (vault: Address) => ReactNode }) {
  const { address: param = "" } = useParams();
  const entry = indexAt(param);
  if (entry === undefined) {
    return (
      <>
        <h1>Unknown index</h1>
        <p>
          {param} is not an index of this deployment. <Link to="/">Back to the indices</Link>
        </p>
      </>
    );
  }
  return children(entry.address as Address);
}
