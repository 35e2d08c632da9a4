// IndexFactory: a new vault becomes an Index and is tracked through the IndexVault template.
import { BigInt } from "@graphprotocol/graph-ts";
import { VaultCreated } from "../generated/IndexFactory/IndexFactory";
import { Index } from "../generated/schema";
import { IndexVault as IndexVaultTemplate } from "../generated/templates";
import { IndexVault } from "../generated/templates/IndexVault/IndexVault";
import { getProtocol, wad, ZERO_BI } from "./helpers";
import { NAV_SOURCE, refreshIndex } from "./indexState";

export function handleVaultCreated(event: VaultCreated): void {
  const vault = event.params.vault;
  IndexVaultTemplate.create(vault);
  const index = new Index(vault);
  index.name = event.params.name;
  index.symbol = event.params.symbol;
  index.creator = event.params.creator;
  index.createdAtBlock = event.block.number;
  index.createdAtTimestamp = event.block.timestamp;
  index.createdAtTransaction = event.transaction.hash;
  index.assets = [];
  index.totalSupply = ZERO_BI;
  index.totalSupplyDecimal = wad(ZERO_BI);
  index.priceSource = NAV_SOURCE;
  index.scale = ZERO_BI;
  const fees = IndexVault.bind(vault).fees();
  index.managementFee = fees.managementFee;
  index.managementFeeDecimal = wad(fees.managementFee);
  index.mintFee = fees.mintFee;
  index.mintFeeDecimal = wad(fees.mintFee);
  index.redeemFee = fees.redeemFee;
  index.redeemFeeDecimal = wad(fees.redeemFee);
  index.basketVersion = BigInt.zero();
  index.regime = "RISK_ON";
  index.mintCount = ZERO_BI;
  index.redeemCount = ZERO_BI;
  index.cumulativeMintShares = ZERO_BI;
  index.cumulativeRedeemShares = ZERO_BI;
  index.cumulativeMintFeeShares = ZERO_BI;
  index.cumulativeRedeemFeeShares = ZERO_BI;
  index.cumulativeManagementFeeShares = ZERO_BI;
  refreshIndex(index, event);
  index.save();

  const protocol = getProtocol();
  protocol.indexCount += 1;
  protocol.save();
}
