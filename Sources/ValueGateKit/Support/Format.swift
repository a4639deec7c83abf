import Foundation

/// How every report writes numbers, in one place: whole percentages, changes in points,
/// 95% intervals and p-values.
public enum Format {
    /// "42%", or with `decimals` "42.3%".
    public static func percent(_ rate: Double, decimals: Int = 0) -> String { String(format: "%.\(decimals)f%%", rate * 100) }
    /// "42%", or "-" when there is no rate.
    public static func percent(_ rate: Double?) -> String { rate.map { percent($0) } ?? "-" }
    /// "12%–30%".
    public static func interval(_ range: ClosedRange<Double>) -> String { "\(percent(range.lowerBound))–\(percent(range.upperBound))" }
    /// A change in points, signed: "+6 pts", "-34 pts", "+0 pts".
    public static func signed(_ change: Double) -> String {
        let points = (change * 100).rounded()
        return String(format: "%+.0f pts", points == 0 ? 0 : points)
    }
    /// "= 0.042" or "< 0.001", to follow "p".
    public static func pText(_ p: Double) -> String { p < 0.001 ? "< 0.001" : String(format: "= %.3f", p) }
    /// An enum's raw value for people: "known_failure" → "known failure".
    public static func words(_ rawValue: String) -> String { rawValue.replacingOccurrences(of: "_", with: " ") }
}
