// js-ipfs loads WebRTC only if this import succeeds; failing keeps the offline node free of it.
throw new Error('WebRTC is disabled in the Credit Bank offline IPFS node')
