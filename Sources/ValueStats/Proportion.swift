import Foundation

/// A rate observed as `successes` out of `trials`, with its 95% Wilson score interval.
public struct Proportion: Sendable, Hashable, Codable {
    public let successes: Int
    public let trials: Int

    public init(_ successes: Int, of trials: Int) {
        precondition(successes >= 0 && trials >= 0 && successes <= trials, "invalid proportion \(successes)/\(trials)")
        self.successes = successes
        self.trials = trials
    }

    /// The observed rate; 0 when there were no trials.
    public var rate: Double { trials == 0 ? 0 : Double(successes) / Double(trials) }

    /// Wilson score interval. Unlike the normal approximation it stays inside [0, 1] and
    /// is honest at 0 of n and n of n, which are common for rare values.
    public func wilsonInterval(z: Double = 1.959963984540054) -> ClosedRange<Double> {
        guard trials > 0 else { return 0...1 }
        let n = Double(trials), p = rate, z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let halfWidth = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        // At 0 of n and n of n the bound is exactly 0 or 1; floating point would miss it by an ulp.
        let lower = successes == 0 ? 0 : max(0, centre - halfWidth)
        let upper = successes == trials ? 1 : min(1, centre + halfWidth)
        return lower...upper
    }
}

/// Two-proportion comparisons between a baseline and a candidate.
public enum ProportionTest {
    /// One-sided p-value that the candidate's true rate is *lower* than the baseline's
    /// (pooled two-proportion z-test). 1 when either side has no trials.
    public static func pValueDecrease(baseline: Proportion, candidate: Proportion) -> Double {
        guard let z = zScore(baseline: baseline, candidate: candidate) else { return 1 }
        return Normal.cdf(z)
    }

    /// One-sided p-value that the candidate's true rate is *higher* than the baseline's.
    public static func pValueIncrease(baseline: Proportion, candidate: Proportion) -> Double {
        guard let z = zScore(baseline: baseline, candidate: candidate) else { return 1 }
        return 1 - Normal.cdf(z)
    }

    /// Two-sided p-value that the rates differ.
    public static func pValueTwoSided(baseline: Proportion, candidate: Proportion) -> Double {
        guard let z = zScore(baseline: baseline, candidate: candidate) else { return 1 }
        return min(1, 2 * (1 - Normal.cdf(abs(z))))
    }

    /// z of (candidate − baseline) under the pooled null; nil when undefined
    /// (no trials, or both rates 0 or both 1, where no change can be seen).
    static func zScore(baseline: Proportion, candidate: Proportion) -> Double? {
        guard baseline.trials > 0, candidate.trials > 0 else { return nil }
        let n1 = Double(baseline.trials), n2 = Double(candidate.trials)
        let pooled = Double(baseline.successes + candidate.successes) / (n1 + n2)
        let variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
        guard variance > 0 else { return nil }
        return (candidate.rate - baseline.rate) / variance.squareRoot()
    }
}

/// The standard normal distribution.
public enum Normal {
    public static func cdf(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }
}
