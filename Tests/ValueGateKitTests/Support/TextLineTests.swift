import Testing
@testable import ValueGateKit

/// Text shown on one line of a report, and rates as percentages.
struct TextLineTests {
    @Test func lineBreaksOfEveryKindBecomeOneSpace() {
        #expect(oneLine("first\nsecond\r\nthird\rfourth") == "first second third fourth")
        #expect(oneLine("a\n\n\nb") == "a b")
        #expect(oneLine("no breaks") == "no breaks")
    }

    @Test func longTextIsCutToTheLimitWithAnEllipsis() {
        let cut = oneLine("abcdefghij", limit: 5)
        #expect(cut == "abcd…" && cut.count == 5)
        #expect(oneLine("abcde", limit: 5) == "abcde", "text exactly at the limit is kept whole")
        // Characters, not bytes: a cut never splits an emoji or an accented letter.
        #expect(oneLine("🙂🙂🙂é", limit: 3) == "🙂🙂…")
    }

    @Test func ratesAreWholePercentagesAndMissingRatesADash() {
        #expect(percent(0.456) == "46%")
        #expect(percent(1) == "100%" && percent(0) == "0%")
        #expect(percent(nil) == "-")
    }
}
