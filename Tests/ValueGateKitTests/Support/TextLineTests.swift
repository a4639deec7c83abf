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
        #expect(Format.percent(0.456) == "46%")
        #expect(Format.percent(1) == "100%" && Format.percent(0) == "0%")
        #expect(Format.percent(nil as Double?) == "-")
        #expect(Format.percent(0.0371, decimals: 1) == "3.7%")
    }

    @Test func changesArePointsAndPValuesReadAfterP() {
        #expect(Format.signed(0.061) == "+6 pts" && Format.signed(-0.336) == "-34 pts" && Format.signed(-0.001) == "+0 pts")
        #expect(Format.pText(0.0421) == "= 0.042" && Format.pText(0.0004) == "< 0.001")
        #expect(Format.interval(0.12...0.301) == "12%–30%")
        #expect(Format.words("known_failure") == "known failure")
    }
}
