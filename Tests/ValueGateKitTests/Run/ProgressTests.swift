import Foundation
import Testing
@testable import ValueGateKit

struct ProgressDisplayTests {
    @Test func quietWinsAndAnythingButATerminalGetsPlainLines() {
        #expect(ProgressDisplay.automatic(quiet: true) == .quiet)
        #expect(ProgressDisplay.automatic(quiet: true, environment: ["TERM": "xterm-256color"]) == .quiet)
        // A dumb terminal cannot redraw: plain lines, whether or not the tests' stderr is a terminal.
        #expect(ProgressDisplay.automatic(quiet: false, environment: ["TERM": "dumb"]) == .lines)
        // Pipes and files are not terminals (TerminalStyle decides for both; Report/TerminalStyleTests).
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        #expect(!TerminalStyle.isTerminal(descriptors[1], environment: [:]))
        close(descriptors[0])
        close(descriptors[1])
    }

    @Test func theStatusLineShowsCountsRateAndETAWithColourOnlyWhenAllowed() async {
        let meter = ProgressMeter(total: 10, display: .quiet, log: { _ in })
        await meter.advance(failed: true)
        let plain = await meter.status(now: Date(), color: false)
        #expect(plain.hasPrefix("1/10 samples, ") && plain.contains("1 failed") && plain.contains("ETA"))
        #expect(!plain.contains("\u{1B}"))
        #expect(await meter.status(now: Date(), color: true).contains("\u{1B}[31m1 failed"))
    }
}
