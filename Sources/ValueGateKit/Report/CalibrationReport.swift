import Foundation

/// A calibration as terminal text: false failures with their causes, then power per tracked value.
public enum CalibrationReport {
    public static func terminal(_ outcome: Calibration.Result, samples: Int, projectedTo samplesPerScenario: Int?) -> String {
        func percent(_ x: Double) -> String { Format.percent(x, decimals: 1) }
        var lines: [String] = []
        if let samplesPerScenario { lines.append("projected at \(samplesPerScenario) samples per scenario (resampled from the baseline's \(samples) samples)") }
        let ff = outcome.falseFailures, ci = ff.wilsonInterval()
        lines.append("false failures (A/A, baseline against itself): \(ff.successes) of \(ff.trials) trials = \(percent(ff.rate)) [95% \(percent(ci.lowerBound))–\(percent(ci.upperBound))]; goal <= 2%")
        for (cause, count) in outcome.falseFailureCauses.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).prefix(8) {
            lines.append("  \(count)× \(cause)")
        }
        let points = Int(outcome.effect * 100)
        lines.append("power against a \(points)-point drop of each tracked value (\(outcome.trials) trials each); goal >= 90%:")
        var powers: [Double] = []
        for row in outcome.power {
            if let power = row.power {
                powers.append(power.rate)
                lines.append("  \(row.suite) · \(row.value) (rate \(percent(row.baselineRate))): detected \(percent(power.rate))")
            } else {
                lines.append("  \(row.suite) · \(row.value) (rate \(percent(row.baselineRate))): cannot drop \(points) points from this rate; not tested")
            }
        }
        if !powers.isEmpty {
            let met = powers.filter { $0 >= 0.9 }.count
            lines.append("\(met) of \(powers.count) testable values reach 90% power; lowest \(percent(powers.min()!)), median \(percent(powers.sorted()[powers.count / 2]))")
        }
        return lines.joined(separator: "\n")
    }
}
