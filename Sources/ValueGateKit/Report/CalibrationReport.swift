import Foundation

/// A calibration as terminal text: false failures with their causes, then power per tracked value.
public enum CalibrationReport {
    public static func terminal(_ outcome: Calibration.Result, samples: Int, projectedTo samplesPerScenario: Int?) -> String {
        var lines: [String] = []
        if let samplesPerScenario { lines.append("projected at \(samplesPerScenario) samples per scenario (resampled from the baseline's \(samples) samples)") }
        let ff = outcome.falseFailures, ci = ff.wilsonInterval()
        lines.append("false failures (A/A, baseline against itself): \(ff.successes) of \(ff.trials) trials = \(Format.percent(ff.rate, decimals: 1)) [95% \(Format.percent(ci.lowerBound, decimals: 1))–\(Format.percent(ci.upperBound, decimals: 1))]; goal <= 2%")
        for (cause, count) in outcome.falseFailureCauses.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).prefix(8) {
            lines.append("  \(count)× \(cause)")
        }
        let points = Int(outcome.effect * 100)
        lines.append("power against a \(points)-point drop of each tracked value (\(outcome.trials) trials each); goal >= 90%:")
        var powers: [Double] = []
        for row in outcome.power {
            if let power = row.power {
                powers.append(power.rate)
                lines.append("  \(row.suite) · \(row.value) (rate \(Format.percent(row.baselineRate, decimals: 1))): detected \(Format.percent(power.rate, decimals: 1))")
            } else {
                lines.append("  \(row.suite) · \(row.value) (rate \(Format.percent(row.baselineRate, decimals: 1))): cannot drop \(points) points from this rate; not tested")
            }
        }
        if !powers.isEmpty {
            let met = powers.filter { $0 >= 0.9 }.count
            lines.append("\(met) of \(powers.count) testable values reach 90% power; lowest \(Format.percent(powers.min()!, decimals: 1)), median \(Format.percent(powers.sorted()[powers.count / 2], decimals: 1))")
        }
        return lines.joined(separator: "\n")
    }
}
