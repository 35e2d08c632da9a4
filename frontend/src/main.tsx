import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { WagmiProvider } from "wagmi";
import { createBrowserRouter, RouterProvider } from "react-router";
import { wagmiConfig } from "./config/wagmi.js";
import { Layout, RouteError } from "./components/Layout.js";
import "./styles.css";

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 2_000 } } });

/** One lazy chunk per screen. */
const router = createBrowserRouter([
  {
    path: "/",
    Component: Layout,
    ErrorBoundary: RouteError,
    HydrateFallback: () => <p role="status">Loading…</p>,
    children: [
      { index: true, lazy: async () => ({ Component: (await import("./screens/IndicesScreen.js")).default }) },
      {
        path: "index/:address",
        lazy: async () => ({ Component: (await import("./screens/IndexDetailScreen.js")).default }),
      },
      {
        path: "index/:address/trade",
        lazy: async () => ({ Component: (await import("./screens/TradeScreen.js")).default }),
      },
      {
        path: "governance",
        lazy: async () => ({ Component: (await import("./screens/governance/ProposalsScreen.js")).default }),
      },
      {
        path: "governance/new",
        lazy: async () => ({ Component: (await import("./screens/governance/NewProposalScreen.js")).default }),
      },
      {
        path: "governance/:id",
        lazy: async () => ({ Component: (await import("./screens/governance/ProposalScreen.js")).default }),
      },
      { path: "stake", lazy: async () => ({ Component: (await import("./screens/stake/StakeScreen.js")).default }) },
      {
        path: "rewards",
        lazy: async () => ({ Component: (await import("./screens/rewards/RewardsScreen.js")).default }),
      },
      {
        path: "portfolio",
        lazy: async () => ({ Component: (await import("./screens/portfolio/PortfolioScreen.js")).default }),
      },
      { path: "*", lazy: async () => ({ Component: (await import("./screens/NotFound.js")).default }) },
    ],
  },
]);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <WagmiProvider config={wagmiConfig}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </WagmiProvider>
  </StrictMode>,
);
