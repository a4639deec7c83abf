import Foundation
import Testing
@testable import ValueGateKit

/// Colour only on a terminal that can show it, and never when NO_COLOR asks for none
/// (https://no-color.org): files, pipes and CI logs get plain text.
struct TerminalStyleTests {
    @Test func noColorOfAnyValueTurnsColourOffAndAnEmptyOneDoesNot() {
        #expect(!TerminalStyle.allowsColor(["NO_COLOR": "1"]))
        #expect(!TerminalStyle.allowsColor(["NO_COLOR": "false"]), "any value counts, as no-color.org says")
        #expect(TerminalStyle.allowsColor(["NO_COLOR": ""]))
        #expect(TerminalStyle.allowsColor([:]))
        // Whatever standard output is, NO_COLOR wins.
        #expect(!TerminalStyle.automatic(environment: ["NO_COLOR": "1"]).color)
        #expect(!TerminalStyle.automatic(environment: ["TERM": "dumb"]).color)
    }

    @Test func pipesAndDumbTerminalsAreNotTerminals() throws {
        var descriptors: [Int32] = [0, 0]
        try #require(pipe(&descriptors) == 0)
        defer { close(descriptors[0]); close(descriptors[1]) }
        #expect(!TerminalStyle.isTerminal(descriptors[1], environment: [:]))
        #expect(!TerminalStyle.isTerminal(STDOUT_FILENO, environment: ["TERM": "dumb"]))
    }

    @Test func plainTextHasNoEscapeCodesAndColourWrapsAndResets() {
        for paint in [TerminalStyle.plain.red, TerminalStyle.plain.green, TerminalStyle.plain.yellow, TerminalStyle.plain.bold, TerminalStyle.plain.dim] {
            #expect(paint("text") == "text")
        }
        let colour = TerminalStyle(color: true)
        #expect(colour.red("FAIL") == "\u{1B}[31mFAIL\u{1B}[0m")
        #expect(colour.green("PASS") == "\u{1B}[32mPASS\u{1B}[0m")
        #expect(colour.bold(colour.yellow("x")) == "\u{1B}[1m\u{1B}[33mx\u{1B}[0m\u{1B}[0m")
    }
}
