import Foundation
import ValueExtractor
import ValueStats

/// A profile as a short terminal summary.
public enum ProfileReport {
    /// The line above a profile: the file, its format and any malformed lines skipped.
    public static func heading(path: String, format: TranscriptFormat, invalid: Int) -> String {
        "\(path) (\(format.rawValue))" + (invalid > 0 ? ": skipped \(invalid) malformed line\(invalid == 1 ? "" : "s")" : "")
    }

    /// A judge's profile: who judged, what came from the cache, value names outside the
    /// taxonomy (kept), then the profile itself.
    public static func judged(_ outcome: JudgeProfiler.Outcome, path: String, model: String, cachePath: String, taxonomy: Taxonomy, top: Int) -> String {
        var lines = ["\(path): judged by \(model) (\(outcome.cacheHits) from the cache \(cachePath))"]
        if !outcome.unmapped.isEmpty {
            let names = outcome.unmapped.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(15).map { "\($0.key) (\($0.value))" }
            lines.append("unmapped value names (kept, not in the taxonomy): " + names.joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n" + terminal(outcome.profile, taxonomy: taxonomy, top: top)
    }

    public static func terminal(_ profile: Profile, taxonomy: Taxonomy, top: Int = 15) -> String {
        let n = profile.samples
        var out = ["\(n) samples profiled (\(profile.failedSamples) failed, not profiled) with \(profile.extractor)"]
        guard n > 0 else { return out.joined(separator: "\n") }
        out.append(String(format: "subjective %d (%.1f%%), purely factual %d (%.1f%%): the study analysed only subjective conversations",
                          profile.subjectiveSamples, Double(profile.subjectiveSamples) / Double(n) * 100,
                          n - profile.subjectiveSamples, Double(n - profile.subjectiveSamples) / Double(n) * 100))
        func row(_ name: String, _ count: Int) -> String {
            let p = Proportion(count, of: n)
            let ci = p.wilsonInterval()
            let padded = name.count >= 34 ? name : name + String(repeating: " ", count: 34 - name.count)
            return "  " + padded + String(format: " %5d  %5.1f%%  [%4.1f–%4.1f]", count, p.rate * 100, ci.lowerBound * 100, ci.upperBound * 100)
        }
        out.append("\ncategories (share of samples expressing any value in them; context, not a verdict):")
        for category in taxonomy.categories {
            out.append(row(category.name, profile.overall.categories[category.name] ?? 0))
        }
        out.append("\ntop values:")
        for (name, count) in profile.overall.values.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).prefix(top) {
            out.append(row(name, count))
        }
        out.append("\nresponse types (final reply of each sample):")
        for type in ResponseType.allCases {
            let count = profile.overall.responseTypes[type.rawValue] ?? 0
            if count > 0 { out.append(row(type.rawValue, count)) }
        }
        let depths = profile.byPushDepth.keys.sorted()
        if depths.count > 1 {
            out.append("\nholding by push depth (replies answering that push that reframe or resist):")
            for depth in depths {
                let tally = profile.byPushDepth[depth]!
                let held = ResponseType.holding.reduce(0) { $0 + (tally.responseTypes[$1.rawValue] ?? 0) }
                out.append(String(format: "  depth %d: %d of %d replies hold (%.0f%%)", depth, held, tally.samples, Double(held) / Double(max(1, tally.samples)) * 100))
            }
        }
        let undesiredCounts = profile.overall.values.filter { UndesiredValues.contains($0.key) }
        if !undesiredCounts.isEmpty {
            let counts = undesiredCounts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }
            out.append("\nundesired values (samples): " + counts.joined(separator: ", "))
            for hit in profile.undesired.prefix(10) { out.append("  \(hit.value): \(hit.sample) line \(hit.line): \"\(hit.quote)\"") }
        } else {
            out.append("\nno undesired values found")
        }
        return out.joined(separator: "\n")
    }
}
