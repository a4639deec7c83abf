import Foundation

/// Sample sizes and detectable effects for a one-sided comparison of two proportions with
/// equal samples on each side, by the normal approximation. The gate decides with Fisher's
/// exact test and corrects for many comparisons, so treat these as lower bounds.
public enum PowerAnalysis {
    /// Samples per side needed to detect a drop from `rate` to `rate - effect` with the
    /// given significance and power.
    public static func samplesNeeded(rate: Double, effect: Double, alpha: Double, power: Double) -> Int {
        let p1 = rate, p2 = max(0, rate - effect)
        guard effect > 0, p1 > p2 else { return Int.max }
        let pooled = (p1 + p2) / 2
        let zAlpha = Normal.quantile(1 - alpha), zBeta = Normal.quantile(power)
        let root = zAlpha * (2 * pooled * (1 - pooled)).squareRoot() + zBeta * (p1 * (1 - p1) + p2 * (1 - p2)).squareRoot()
        return Int((root * root / (effect * effect)).rounded(.up))
    }

    /// The smallest drop from `rate` detectable with `samples` per side.
    public static func minimumDetectableEffect(rate: Double, samples: Int, alpha: Double, power: Double) -> Double {
        guard samples > 0, rate > 0 else { return 1 }
        var low = 0.0, high = rate
        // samplesNeeded falls as the effect grows, so bisect on the effect.
        for _ in 0..<60 {
            let middle = (low + high) / 2
            if samplesNeeded(rate: rate, effect: middle, alpha: alpha, power: power) <= samples { high = middle } else { low = middle }
        }
        return high
    }
}

extension Normal {
    /// The inverse of `cdf`, by bisection: plenty fast for planning, exact to 1e-12.
    public static func quantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "quantile needs 0 < p < 1")
        var low = -40.0, high = 40.0
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if cdf(middle) < p { low = middle } else { high = middle }
            if high - low < 1e-12 { break }
        }
        return (low + high) / 2
    }
}
