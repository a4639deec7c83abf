import Foundation
import Testing
@testable import ValueGateKit

/// Diagnostics print as `file:line:column: severity: message`, the form editors and CI
/// annotators parse to jump to the problem.
struct DiagnosticTests {
    @Test func aPositionedDiagnosticPrintsFileLineAndColumn() {
        let diagnostic = Diagnostic(file: "Suites/a.yaml", line: 12, column: 7, "unknown key 'colour'")
        #expect(diagnostic.description == "Suites/a.yaml:12:7: error: unknown key 'colour'")
        #expect(Diagnostic(.warning, file: "a.yaml", line: 3, column: 1, "cut off").description == "a.yaml:3:1: warning: cut off")
    }

    @Test func aPositionIsPrintedOnlyAsFarAsItIsKnown() {
        #expect(Diagnostic(file: "rec.jsonl", line: 4, "not valid JSON").description == "rec.jsonl:4: error: not valid JSON")
        #expect(Diagnostic(file: "rec.jsonl", "empty file").description == "rec.jsonl: error: empty file")
        // A column without a line, or on line 0 (no real line), would point nowhere.
        #expect(Diagnostic(file: "a.yaml", column: 5, "x").description == "a.yaml: error: x")
        #expect(Diagnostic(file: "a.yaml", line: 0, column: 5, "x").description == "a.yaml:0: error: x")
    }

    @Test func anErrorCarriesEveryDiagnosticOneALine() {
        let error = DiagnosticsError([Diagnostic(file: "a.yaml", line: 1, column: 2, "first"),
                                      Diagnostic(.warning, file: "b.yaml", line: 3, column: 4, "second")])
        #expect(error.description.split(separator: "\n") == ["a.yaml:1:2: error: first", "b.yaml:3:4: warning: second"])
        #expect(InputError("no samples", file: "r.jsonl", line: 3).description == "r.jsonl:3: error: no samples")
        #expect(InputError("no samples").description == "error: no samples")
    }
}
