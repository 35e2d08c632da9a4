import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { HoldingChange, NavSection } from "../src/components/NavHistory.js";
import type { IndexChartData } from "../src/hooks/history.js";
import { manifest } from "../src/config/manifest.js";

afterEach(cleanup);

const H = 3_600;
const END = 1_800_000_000;
const weth = manifest.tokens.find((t) => t.symbol === "WETH")!.address.toLowerCase();

/** Hourly snapshots over 40 h: NAV from 100 to 139, WETH from 3,000 to 3,390 (10 a step), the last hour unpriced. */
function data(): IndexChartData {
  const own = Array.from({ length: 40 }, (_, i) => ({
    timestamp: END - (39 - i) * H,
    navPerShareUSD: String(100 + i),
    pricedAssets: i === 39 ? [] : [weth],
    prices: i === 39 ? [] : [String(3_000 + 10 * i)],
  }));
  return {
    own,
    all: [],
    switches: [
      { kind: "SWITCHED", regime: "RISK_OFF", timestamp: END - 2 * H },
      { kind: "SWITCHED", regime: "RISK_ON", timestamp: END - 30 * H },
    ],
  };
}

function renderSection() {
  const d = data();
  const navPoints = d.own.map((s) => ({ t: s.timestamp, nav: Number(s.navPerShareUSD) }));
  render(<NavSection data={d} navPoints={navPoints} end={END} symbol="TDEMO" />);
}

describe("the NAV chart section", () => {
  it("starts at 7 d and switches period with its buttons; caption and pressed state follow", () => {
    renderSection();
    const caption = screen.getByTestId("chart-caption");
    expect(caption.textContent).toMatch(/^The last 7 days: 40 hourly snapshots/);
    expect(screen.getByTestId("period-7d").getAttribute("aria-pressed")).toBe("true");
    fireEvent.click(screen.getByTestId("period-24h"));
    // 24 h back from the end: the points at END − 24 h … END.
    expect(caption.textContent).toMatch(/^The last 24 hours: 25 hourly snapshots/);
    expect(caption.textContent).toContain("NAV +20.87 %"); // 139 / 115 − 1
    expect(screen.getByTestId("period-24h").getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByTestId("period-7d").getAttribute("aria-pressed")).toBe("false");
  });
  it("has the ETH benchmark in the legend with its change over the period, and no BTC token to compare with", () => {
    renderSection();
    fireEvent.click(screen.getByTestId("period-24h"));
    const eth = screen.getByTestId("legend-eth");
    // WETH from 3,150 (at END − 24 h) to 3,380 (the last recorded price, 1 h before the end): +7.30 %.
    expect(eth.textContent).toContain("ETH benchmark (WETH, normalised to NAV)");
    expect(eth.textContent).toContain("+7.30 %");
    expect(within(eth).getByRole("tooltip").textContent).toMatch(/would be worth had it followed WETH/);
    expect(screen.queryByTestId("legend-btc")).toBeNull();
  });
  it("lists the regime switches inside the period with their time", () => {
    renderSection();
    fireEvent.click(screen.getByTestId("period-24h"));
    const markers = screen.getByTestId("regime-markers");
    expect(markers.textContent).toContain("Risk-off");
    expect(markers.textContent).not.toContain("Risk-on"); // 30 h ago: outside the last 24 h
    fireEvent.click(screen.getByTestId("period-all"));
    expect(screen.getByTestId("regime-markers").textContent).toMatch(/Risk-on [\s\S]*, Risk-off/);
  });
  it("says when a period has too few snapshots", () => {
    const d = data();
    render(<NavSection data={d} navPoints={[{ t: END, nav: 1 }]} end={END} symbol="TDEMO" />);
    expect(screen.getByText(/Not enough history in the last 7 days/)).toBeTruthy();
    expect(screen.getByTestId("legend-eth").textContent).toContain("— (needs two points)");
  });
});

describe("a holding's 24 h change", () => {
  const series = [
    { t: END - 25 * H, price: 100 },
    { t: END - H, price: 104 },
  ];
  it("shows the signed change with what it compares", () => {
    render(<HoldingChange pending={false} failed={false} series={series} price={110} end={END} />);
    expect(screen.getByText("+10.00 %")).toBeTruthy();
    expect(screen.getByRole("tooltip").textContent).toMatch(/against \$100 recorded/);
  });
  it("shows a dash with the reason, while loading an ellipsis", () => {
    render(<HoldingChange pending={false} failed={false} series={series.slice(1)} price={110} end={END} />);
    expect(screen.getByText("—")).toBeTruthy();
    expect(screen.getByRole("tooltip").textContent).toMatch(/younger than a day/);
    cleanup();
    render(<HoldingChange pending={false} failed={true} series={series} price={110} end={END} />);
    expect(screen.getByRole("tooltip").textContent).toMatch(/could not be read/);
    cleanup();
    render(<HoldingChange pending={true} failed={false} series={series} price={110} end={END} />);
    expect(screen.getByText("…")).toBeTruthy();
  });
});
