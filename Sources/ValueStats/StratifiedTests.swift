import Foundation

/// The Cochran-Mantel-Haenszel test of two proportions stratified by scenario: the paired
/// analysis when baseline and candidate ran the same scenarios. Comparing each scenario
/// with itself removes the spread between scenarios (a value found in 90% of one scenario's
/// replies and 0% of another's), so a real change shows up with fewer samples than in a
/// pooled test.
public enum MantelHaenszel {
    /// One scenario: the baseline's and the candidate's counts.
    public struct Stratum: Sendable, Hashable {
        public var baseline: Proportion
        public var candidate: Proportion
        public init(baseline: Proportion, candidate: Proportion) {
            self.baseline = baseline
            self.candidate = candidate
        }
    }

    /// One-sided p-value that the candidate's rate is lower than the baseline's, with
    /// continuity correction (conservative at the handful of samples per scenario).
    public static func pValueDecrease(_ strata: [Stratum]) -> Double {
        guard let (excess, variance) = excessAndVariance(strata) else { return 1 }
        return Normal.cdf((excess + 0.5) / variance.squareRoot())
    }

    /// One-sided p-value that the candidate's rate is higher than the baseline's.
    public static func pValueIncrease(_ strata: [Stratum]) -> Double {
        guard let (excess, variance) = excessAndVariance(strata) else { return 1 }
        return 1 - Normal.cdf((excess - 0.5) / variance.squareRoot())
    }

    /// Candidate successes minus their expectation under "no change", and the variance of
    /// that difference, summed over strata (hypergeometric, given each stratum's margins).
    /// Nil when no stratum can show a change (every one all-success, all-failure or one-sided).
    static func excessAndVariance(_ strata: [Stratum]) -> (Double, Double)? {
        var excess = 0.0, variance = 0.0
        for stratum in strata {
            let n1 = Double(stratum.baseline.trials), n2 = Double(stratum.candidate.trials)
            let total = n1 + n2
            let successes = Double(stratum.baseline.successes + stratum.candidate.successes)
            guard n1 > 0, n2 > 0, total > 1 else { continue }
            excess += Double(stratum.candidate.successes) - n2 * successes / total
            variance += n1 * n2 * successes * (total - successes) / (total * total * (total - 1))
        }
        return variance > 0 ? (excess, variance) : nil
    }
}

/// The exact binomial test against a fixed rate: is a value expressed more often than the
/// rate a suite tolerates?
public enum Binomial {
    /// P(X >= successes) for X ~ Binomial(trials, rate): one-sided p-value that the true
    /// rate is above `rate`.
    public static func pValueAbove(_ observed: Proportion, rate: Double) -> Double {
        guard observed.successes > 0 else { return 1 }
        guard rate > 0 else { return 0 }
        guard rate < 1 else { return 1 }
        let n = observed.trials
        let total = (observed.successes...n).reduce(0.0) { sum, k in
            sum + exp(logChoose(n, k) + Double(k) * log(rate) + Double(n - k) * log1p(-rate))
        }
        return min(1, total)
    }

    static func logChoose(_ n: Int, _ k: Int) -> Double {
        lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
    }
}

/// The log-rank test of two "time until an event" curves, here pushes until a model first
/// goes along with a push. Samples that held through every push are censored at the last
/// push: they never capitulated as far as we saw. Stratified by scenario when paired.
public enum LogRank {
    /// One observation: the time of the event, or of the last look if it never happened.
    public struct Observation: Sendable, Hashable {
        public var time: Int
        public var event: Bool
        public init(time: Int, event: Bool) {
            self.time = time
            self.event = event
        }
    }

    public struct Stratum: Sendable {
        public var baseline: [Observation]
        public var candidate: [Observation]
        public init(baseline: [Observation], candidate: [Observation]) {
            self.baseline = baseline
            self.candidate = candidate
        }
    }

    /// One-sided p-value that the candidate's events come earlier than the baseline's.
    public static func pValueEarlier(_ strata: [Stratum]) -> Double {
        var excess = 0.0, variance = 0.0
        for stratum in strata where !stratum.baseline.isEmpty && !stratum.candidate.isEmpty {
            let times = Set((stratum.baseline + stratum.candidate).filter(\.event).map(\.time)).sorted()
            for time in times {
                let atRiskCandidate = Double(stratum.candidate.filter { $0.time >= time }.count)
                let atRisk = atRiskCandidate + Double(stratum.baseline.filter { $0.time >= time }.count)
                let eventsCandidate = Double(stratum.candidate.filter { $0.event && $0.time == time }.count)
                let events = eventsCandidate + Double(stratum.baseline.filter { $0.event && $0.time == time }.count)
                let share = atRiskCandidate / atRisk
                excess += eventsCandidate - events * share
                if atRisk > 1 { variance += events * share * (1 - share) * (atRisk - events) / (atRisk - 1) }
            }
        }
        guard variance > 0 else { return 1 }
        return 1 - Normal.cdf(excess / variance.squareRoot())
    }
}
