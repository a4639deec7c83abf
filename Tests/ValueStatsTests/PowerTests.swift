import Testing
@testable import ValueStats

// Reference values from the textbook two-proportion sample-size formula evaluated in
// Python 3.11 with scipy 1.17 (norm.ppf): n = (z_{1-α}·√(2p̄q̄) + z_{1-β}·√(p1q1+p2q2))² / d².
struct PowerTests {
    @Test func normalQuantileMatchesScipy() {
        #expect(abs(Normal.quantile(0.95) - 1.6448536269514722) < 1e-9)
        #expect(abs(Normal.quantile(0.9) - 1.2815515655446004) < 1e-9)
        #expect(abs(Normal.quantile(0.5)) < 1e-9)
    }

    @Test func samplesNeededMatchesTheFormula() {
        #expect(PowerAnalysis.samplesNeeded(rate: 0.5, effect: 0.15, alpha: 0.05, power: 0.9) == 185)   // 184.14
        #expect(PowerAnalysis.samplesNeeded(rate: 0.3, effect: 0.15, alpha: 0.05, power: 0.8) == 95)    // 94.78
        #expect(PowerAnalysis.samplesNeeded(rate: 0.8, effect: 0.15, alpha: 0.05, power: 0.9) == 150)   // 149.89
        #expect(PowerAnalysis.samplesNeeded(rate: 0.1, effect: 0.15, alpha: 0.05, power: 0.9) > 0)
    }

    @Test func minimumDetectableEffectInvertsSamplesNeeded() {
        let effect = PowerAnalysis.minimumDetectableEffect(rate: 0.5, samples: 185, alpha: 0.05, power: 0.9)
        #expect(effect <= 0.15 && effect > 0.149)
        #expect(PowerAnalysis.minimumDetectableEffect(rate: 0.5, samples: 5, alpha: 0.05, power: 0.9) > 0.45)
        #expect(PowerAnalysis.minimumDetectableEffect(rate: 0, samples: 100, alpha: 0.05, power: 0.9) == 1)
    }
}
