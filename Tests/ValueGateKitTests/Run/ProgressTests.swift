import Foundation
import Testing
@testable import ValueGateKit

struct ProgressDisplayTests {
    @Test func quietWinsAndPipesGetPlainLines() {
        #expect(ProgressDisplay.automatic(quiet: true) == .quiet)
        // Tests run with stderr captured, not on a terminal.
        if isatty(STDERR_FILENO) == 0 { #expect(ProgressDisplay.automatic(quiet: false) == .lines) }
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
