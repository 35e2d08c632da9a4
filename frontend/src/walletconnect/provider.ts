/**
 * The entry of the WalletConnect bundle (frontend/build/walletConnect.ts builds it on its own, into
 * `<dist>/walletconnect/`): the app's own build never bundles WalletConnect, it loads this file when a user picks
 * WalletConnect.
 */
export { EthereumProvider } from "@walletconnect/ethereum-provider";
