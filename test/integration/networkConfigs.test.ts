import { expect } from "chai";
import { NETWORK_CONFIGS, networkConfigByName, type NetworkConfig } from "../../deploy/config/networks/index.js";
import { localhost } from "../../deploy/config/networks/localhost.js";
import { DeployConfigError, resolveOperators, validateNetworkConfig } from "../../deploy/lib/networkConfig.js";

const DEPLOYER = "0x1111111111111111111111111111111111111111";

describe("network configs (deploy/config/networks)", function () {
  it("names ethereum, base, arbitrum and sepolia with their chain ids", function () {
    const ids = Object.fromEntries(Object.values(NETWORK_CONFIGS).map((c) => [c.name, c.chainId]));
    expect(ids).to.deep.equal({ ethereum: 1, base: 8453, arbitrum: 42161, sepolia: 11155111 });
    expect(() => networkConfigByName("mainnet")).to.throw('Unknown network config "mainnet"');
  });

  for (const config of Object.values(NETWORK_CONFIGS)) {
    it(`${config.name} is valid: checksummed non-zero addresses, sane heartbeats, 48 h timelock, DAO settings`, function () {
      expect(validateNetworkConfig(config)).to.deep.equal([]);
      expect(config.governance.timelockMinDelaySeconds).to.equal(48 * 3600);
      expect(config.governance.votingDelaySeconds).to.equal(86_400);
      expect(config.governance.votingPeriodSeconds).to.equal(7 * 86_400);
      expect(config.governance.quorumPercent).to.equal(4);
      // L2s check the sequencer; L1s have none.
      expect(config.sequencer !== undefined).to.equal(config.name === "base" || config.name === "arbitrum");
    });
  }

  it("reports every problem of a broken config in readable lines", function () {
    const good = NETWORK_CONFIGS.ethereum!;
    const broken: NetworkConfig = {
      ...good,
      production: true,
      assets: [
        {
          ...good.assets[0]!,
          feed: good.assets[0]!.feed.toLowerCase().replace("0x5f4e", "0x5f4E"),
          heartbeatSeconds: 5,
        },
        { ...good.assets[1]!, token: "0x0000000000000000000000000000000000000000", maxPriceUsd: "1" },
        { ...good.assets[3]!, weightBps: 100 },
      ],
      governance: { ...good.governance, timelockMinDelaySeconds: 3600 },
    };
    const errors = validateNetworkConfig(broken);
    const expected = [
      /assets\[0\] WETH\.feed: .* is not an address \(or its EIP-55 checksum is wrong\)/,
      /assets\[0\] WETH\.heartbeatSeconds: 5 is outside 60\.\.172800 s/,
      /assets\[1\] WBTC\.token: the zero address/,
      /assets\[1\] WBTC: maxPriceUsd 1 must be above minPriceUsd 100/,
      /assets: weights sum to 7600 bps, not 10000/,
      /governance\.timelockMinDelaySeconds: 3600 is below 48 h on a production chain/,
    ];
    for (const pattern of expected) {
      expect(
        errors.some((e) => pattern.test(e)),
        `${pattern} in:\n${errors.join("\n")}`,
      ).to.equal(true);
    }
    const lower = {
      ...good,
      assets: [{ ...good.assets[0]!, token: good.assets[0]!.token.toLowerCase() }, ...good.assets.slice(1)],
    };
    expect(validateNetworkConfig(lower)).to.deep.equal([
      `ethereum.assets[0] WETH.token: "${good.assets[0]!.token.toLowerCase()}" is not checksummed; write ${good.assets[0]!.token}`,
    ]);
  });

  it("checks the other indices of a config: unique keys, known assets and stablecoin, weights summing to 10,000", function () {
    const good = localhost;
    expect(validateNetworkConfig(good)).to.deep.equal([]);
    const first = good.moreIndices![0]!;
    const broken: NetworkConfig = {
      ...good,
      moreIndices: [
        { ...first, key: "Index" },
        {
          ...first,
          stablecoin: "DAI",
          basket: [
            { symbol: "WBTC", weightBps: 6_000 },
            { symbol: "NOPE", weightBps: 3_000 },
          ],
        },
      ],
    };
    const errors = validateNetworkConfig(broken);
    const expected = [
      /moreIndices\[0\] \(GL30\)\.key: Index is already used/,
      /moreIndices\[1\] \(GL30\)\.stablecoin: DAI is not one of the assets/,
      /moreIndices\[1\] \(GL30\)\.basket: NOPE is not one of the assets/,
      /moreIndices\[1\] \(GL30\)\.basket: weights sum to 9000 bps, not 10000/,
    ];
    for (const pattern of expected) {
      expect(
        errors.some((e) => pattern.test(e)),
        `${pattern} in:\n${errors.join("\n")}`,
      ).to.equal(true);
    }
  });

  it("reads operator addresses from the environment and refuses the deployer or a missing one", function () {
    const env = {
      TMAI_GUARDIAN: "0x2222222222222222222222222222222222222222",
      TMAI_METHODOLOGIST: "0x3333333333333333333333333333333333333333",
      TMAI_KEEPER: "0x4444444444444444444444444444444444444444",
      TMAI_TREASURY: "0x5555555555555555555555555555555555555555",
    };
    expect(resolveOperators(env, DEPLOYER).keeper).to.equal(env.TMAI_KEEPER);
    expect(() => resolveOperators({ ...env, TMAI_KEEPER: undefined }, DEPLOYER)).to.throw(
      DeployConfigError,
      "TMAI_KEEPER is not set (the keeper address)",
    );
    expect(() => resolveOperators({ ...env, TMAI_GUARDIAN: DEPLOYER }, DEPLOYER)).to.throw(
      "TMAI_GUARDIAN is the deployer",
    );
  });
});
