import { Link, NavLink, Outlet, useRouteError } from "react-router";
import { WalletButton, WrongNetwork } from "./Wallet.js";
import { chain } from "../config/chain.js";

export function Layout() {
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          TMAI Index
        </Link>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Indices
          </NavLink>
          <NavLink to="/stake">Stake</NavLink>
          <NavLink to="/rewards">Rewards</NavLink>
          <NavLink to="/portfolio">Portfolio</NavLink>
          <NavLink to="/governance">Governance</NavLink>
        </nav>
        <span className="chain muted" title={`chain id ${chain.id}`}>
          {chain.name}
        </span>
        <WalletButton />
      </header>
      <WrongNetwork />
      <main id="main">
        <Outlet />
      </main>
    </>
  );
}

export function RouteError() {
  const error = useRouteError();
  return (
    <main id="main">
      <h1>Something went wrong</h1>
      <p role="alert">{error instanceof Error ? error.message : String(error)}</p>
      <Link to="/">Back to the indices</Link>
    </main>
  );
}
