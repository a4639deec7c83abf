import Foundation
import ValueStats

/// The sentence each report shows for a check: its figures and threshold, and why it has its
/// status, worded from the check's structured data.
public enum CheckWording {
    public static func summary(_ check: GateCheck) -> String {
        switch check.kind {
        case .expectedValues, .responseTypes, .hold: return expectation(check)
        case .forbidden, .never: return occurrence(check)
        case .capitulation: return check.figures.pressure.map(scenarioPressure) ?? capitulation(check)
        case .responseDistribution:
            return String(format: "G = %.2f, %d degrees of freedom, p %@ (context: per-type shifts are gated above)",
                          check.figures.statistic ?? 0, check.figures.degreesOfFreedom ?? 0, Format.pText(check.pValue ?? 1))
        case .categoryDivergence:
            return String(format: "Jensen-Shannon divergence %.4f (0 = same shares, 1 = disjoint; context only)", check.figures.divergence ?? 0)
        case .categoryShare:
            return "\(Format.percent(check.baselineRate)) → \(Format.percent(check.candidateRate)) of samples (context only: categories mix values and their opposites)"
        case .valueDrift, .responseShift, .undesiredValues, .pushResistance, .sycophancy: return change(check)
        }
    }

    /// "; p = 0.012, adjusted = 0.040", once the check was tested.
    static func statistics(_ check: GateCheck) -> String {
        guard let p = check.pValue, let adjusted = check.adjustedPValue else { return "" }
        return "; p \(Format.pText(p)), adjusted \(Format.pText(adjusted))"
    }

    /// "drop", "rise" or "shift": the way the check's change counts as worse.
    static func directionWord(_ check: GateCheck) -> String {
        switch check.direction ?? .eitherWay {
        case .lower: "drop"
        case .higher: "rise"
        case .eitherWay: "shift"
        }
    }

    static func limit(_ check: GateCheck) -> String {
        "fails on a significant \(directionWord(check)) above \(Format.percent(check.threshold ?? 0))\(check.critical ? " (critical)" : "")"
    }

    static func withinNoise(_ check: GateCheck) -> String {
        check.reason == .beyondLimitWithinNoise ? "; this \(directionWord(check)) is within noise at these sample counts" : ""
    }

    static func interval(_ check: GateCheck) -> String {
        guard let bounds = check.candidateInterval, bounds.count == 2 else { return "" }
        return Format.interval(bounds[0]...bounds[1])
    }

    /// A rate against the baseline's, with its limit.
    static func change(_ check: GateCheck) -> String {
        let figures = check.figures
        let pairing = figures.pairing.map { "; paired over \($0.scenarios) scenarios: \($0.lower) lower, \($0.higher) higher" } ?? ""
        return "\(Format.percent(check.baselineRate)) → \(Format.percent(check.candidateRate)) of \(figures.candidate?.trials ?? 0) \(figures.unit ?? "samples") " +
            "(\(Format.signed((check.candidateRate ?? 0) - (check.baselineRate ?? 0))), 95% \(interval(check))); \(limit(check))\(pairing)" +
            statistics(check) + withinNoise(check)
    }

    /// A scenario's rate expectation.
    static func expectation(_ check: GateCheck) -> String {
        let figures = check.figures
        let byPush = figures.byPush.map { rates in rates.isEmpty ? "" : " (" + rates.map { "push \($0.push): \(Format.percent($0.rate))" }.joined(separator: ", ") + ")" } ?? ""
        var text = "\(Format.percent(check.candidateRate)) of \(figures.candidate?.trials ?? 0) \(figures.unit ?? "samples") (95% \(interval(check))), " +
            "needs at least \(Format.percent(check.threshold))\(byPush)"
        switch check.reason {
        case .missedByBaselineToo: text += "; the baseline misses it too (\(Format.percent(check.baselineRate)))"
        case .missedWithinNoise: text += "; baseline \(Format.percent(check.baselineRate))" + statistics(check) + " for a drop, within noise at these sample counts"
        case .expectationMissed where check.pValue != nil: text += "; baseline \(Format.percent(check.baselineRate))" + statistics(check) + " for a drop"
        default: break
        }
        return text
    }

    /// A value that must not appear, or only up to a tolerated rate.
    static func occurrence(_ check: GateCheck) -> String {
        let figures = check.figures
        let hits = figures.candidate ?? Proportion(0, of: 0)
        if check.reason == .notExpressed { return "not expressed in \(hits.trials) samples" }
        let tolerated = figures.tolerated.map { "tolerated up to \(Format.percent($0))" } ?? "must never appear"
        var text = "expressed in \(hits.successes) of \(hits.trials) samples (95% \(interval(check))); \(tolerated)"
        let before = figures.baseline
        switch check.reason {
        case .riseOverBaseline, .alsoInBaseline:
            text += "; the baseline shows it too (\(before?.successes ?? 0) of \(before?.trials ?? 0) samples)" + statistics(check)
            text += check.reason == .riseOverBaseline ? " for a rise, which fails" : " for a rise: not a significant rise"
        case .aboveTolerance, .aboveToleranceWithinNoise:
            if let before { text += "; baseline \(before.successes) of \(before.trials)" }
            text += statistics(check) + " for a rate above the tolerated one and the baseline's"
            if check.reason == .aboveToleranceWithinNoise { text += ": not significant at these sample counts" }
        default: break
        }
        return text
    }

    /// Pushes withstood before the first capitulation, over the suite.
    static func capitulation(_ check: GateCheck) -> String {
        let before = check.figures.heldThroughoutBaseline ?? Proportion(0, of: 0)
        let now = check.figures.heldThroughoutCandidate ?? Proportion(0, of: 0)
        let withstood = (baseline: check.baselineRate ?? 0, candidate: check.candidateRate ?? 0)
        return "pushes withstood before first going along: \(Format.percent(withstood.baseline)) → \(Format.percent(withstood.candidate)) " +
            "(\(Format.signed(withstood.candidate - withstood.baseline))); held through every push in \(before.successes) of \(before.trials) → " +
            "\(now.successes) of \(now.trials) samples (95% \(Format.interval(now.wilsonInterval()))); " +
            "\(limit(check)) (log-rank test, by scenario)" + statistics(check) + withinNoise(check)
    }

    /// One scenario under pressure on both sides, for reading.
    static func scenarioPressure(_ pressure: ScenarioPressure) -> String {
        let hasBaseline = pressure.baseline.samples > 0
        var text = "first went along at " + (hasBaseline ? "baseline \(pressure.baseline.description) → " : "") +
            "candidate \(pressure.candidate.description); flips (going along right after holding): " +
            (hasBaseline ? "baseline \(pressure.baseline.flips) → " : "") + "candidate \(pressure.candidate.flips)"
        if let p = pressure.pValue { text += "; log-rank p \(Format.pText(p)) (this scenario alone, uncorrected)" }
        return text
    }
}
