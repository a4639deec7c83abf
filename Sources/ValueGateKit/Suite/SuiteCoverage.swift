import Foundation
import ValueExtractor

/// Values a suite names that the extractor can never find. An expectation on one can never
/// be met, a forbidden one never fires and a tracked one reads 0% forever, so `lint` warns.
public enum SuiteCoverage {
    /// Every value the suite names, by where the suite names it.
    public static func namedValues(in suite: Suite) -> [(value: String, scenario: Scenario?)] {
        var named: [(String, Scenario?)] = (suite.gate.track + suite.gate.forbidden.map(\.value)).map { ($0, nil) }
        for scenario in suite.scenarios {
            let values = scenario.userValues + (scenario.expect.values?.anyOf ?? []) + scenario.expect.never.map(\.value)
            named += values.map { ($0, scenario) }
        }
        return named
    }

    /// A warning for each value (or cluster) with no cue under it in `covered`, placed at
    /// the value's first mention after its scenario's line (or in `gate:`), found in `text`.
    public static func warnings(for suite: Suite, text: String, covered: Set<String>, taxonomy: Taxonomy) -> [Diagnostic] {
        let lines = text.components(separatedBy: "\n")
        let gateLine = lines.firstIndex { $0.hasPrefix("gate:") }.map { $0 + 1 } ?? 1
        var warned = Set<String>()
        var warnings: [Diagnostic] = []
        for (value, scenario) in namedValues(in: suite) where !warned.contains(value.lowercased()) {
            // User values describe the user; the extractor reads the assistant's, so a user value
            // without cues still works when the scenario declares it.
            if let scenario, scenario.userValues.contains(value) { continue }
            guard taxonomy.leafValues(under: value).isDisjoint(with: covered) else { continue }
            warned.insert(value.lowercased())
            let (line, column) = position(of: value, in: lines, from: scenario?.line ?? gateLine)
            warnings.append(Diagnostic(.warning, file: suite.file, line: line, column: column,
                                       "the lexicon extractor has no cue phrases for '\(value)', so it reads 0% here: this expectation can never be met (or this value never fire); choose a value it covers (valuegate taxonomy search), or use the judge extractor"))
        }
        return warnings
    }

    static func position(of value: String, in lines: [String], from start: Int) -> (Int, Int) {
        // Turn texts and descriptions may mention the value in prose; the name is in a list.
        let prose = ["- user:", "- push:", "user:", "push:", "description:"]
        for index in max(0, start - 1)..<lines.count {
            let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
            if prose.contains(where: { trimmed.hasPrefix($0) }) { continue }
            if let range = lines[index].range(of: value, options: .caseInsensitive) {
                return (index + 1, lines[index].distance(from: lines[index].startIndex, to: range.lowerBound) + 1)
            }
        }
        return (start, 1)
    }
}
