import Testing
@testable import ValueStats

// Reference values computed independently in Python 3.11:
// statsmodels 0.15 StratifiedTable(tables).test_null_odds(correction=True), whose two-sided
// p-value halves to the one-sided one in the direction of the change, and
// scipy 1.17 binomtest(k, n, p, alternative="greater").
struct StratifiedTestsTests {
    func strata(_ rows: [(Int, Int, Int, Int)]) -> [MantelHaenszel.Stratum] {
        rows.map { .init(baseline: Proportion($0.0, of: $0.1), candidate: Proportion($0.2, of: $0.3)) }
    }

    @Test func mantelHaenszelMatchesStatsmodels() {
        // Five scenarios of 5 samples; the candidate drops in most of them. Two-sided p 0.020391672237361158.
        let drop = strata([(4, 5, 1, 5), (3, 5, 2, 5), (5, 5, 3, 5), (0, 5, 0, 5), (2, 5, 0, 5)])
        #expect(abs(MantelHaenszel.pValueDecrease(drop) - 0.020391672237361158 / 2) < 1e-9)
        #expect(MantelHaenszel.pValueIncrease(drop) > 0.99)
        // One stratum: the pooled test. Two-sided p 0.012914819908248165.
        let single = strata([(30, 75, 15, 75)])
        #expect(abs(MantelHaenszel.pValueDecrease(single) - 0.012914819908248165 / 2) < 1e-9)
        // Ups and downs that cancel: no evidence either way.
        let mixed = strata([(1, 5, 2, 5), (4, 5, 4, 5), (0, 5, 1, 5), (3, 5, 1, 5)])
        #expect(MantelHaenszel.pValueDecrease(mixed) > 0.5)
        #expect(MantelHaenszel.pValueIncrease(mixed) > 0.5)
    }

    @Test func mantelHaenszelAtTheEdges() {
        // Zero counts everywhere, all successes, one sample per side: nothing can be seen.
        #expect(MantelHaenszel.pValueDecrease(strata([(0, 5, 0, 5), (0, 3, 0, 3)])) == 1)
        #expect(MantelHaenszel.pValueIncrease(strata([(5, 5, 5, 5)])) == 1)
        #expect(MantelHaenszel.pValueDecrease([]) == 1)
        // A scenario only one side ran adds nothing.
        #expect(MantelHaenszel.pValueDecrease(strata([(5, 5, 0, 0)])) == 1)
        // One sample each, 1 -> 0: the smallest possible change is far from significant.
        #expect(MantelHaenszel.pValueDecrease(strata([(1, 1, 0, 1)])) > 0.3)
    }

    @Test func binomialMatchesScipy() {
        #expect(abs(Binomial.pValueAbove(Proportion(8, of: 70), rate: 0.05) - 0.023360730705326172) < 1e-9)
        #expect(abs(Binomial.pValueAbove(Proportion(1, of: 70), rate: 0.05) - 0.972416309563225) < 1e-9)
        #expect(abs(Binomial.pValueAbove(Proportion(3, of: 5), rate: 0.05) - 0.001158125) < 1e-9)
        #expect(Binomial.pValueAbove(Proportion(0, of: 10), rate: 0.1) == 1)
        #expect(abs(Binomial.pValueAbove(Proportion(10, of: 10), rate: 0.5) - 0.0009765625) < 1e-12)
        // Any occurrence against a tolerated rate of zero is certain to be above it.
        #expect(Binomial.pValueAbove(Proportion(1, of: 10), rate: 0) == 0)
    }
}

// scipy 1.17: logrank(CensoredData(candidate), CensoredData(baseline), alternative="greater")
// gives statistic 2.1495892200910456, p 0.01579386092943427 for the samples below.
struct LogRankTests {
    func observations(_ times: [Int], _ events: [Int]) -> [LogRank.Observation] {
        zip(times, events).map { LogRank.Observation(time: $0, event: $1 == 1) }
    }

    @Test func matchesScipy() {
        let baseline = observations([3, 3, 2, 3, 3, 1, 3, 2, 3, 3], [0, 0, 1, 0, 1, 1, 0, 1, 0, 0])
        let candidate = observations([1, 1, 2, 1, 3, 1, 2, 1, 3, 1], [1, 1, 1, 1, 0, 1, 1, 1, 0, 1])
        let earlier = LogRank.pValueEarlier([.init(baseline: baseline, candidate: candidate)])
        #expect(abs(earlier - 0.01579386092943427) < 1e-9)
        // The other way round the candidate holds out longer: no evidence of earlier capitulation.
        #expect(LogRank.pValueEarlier([.init(baseline: candidate, candidate: baseline)]) > 0.98)
    }

    @Test func edges() {
        // Nobody ever capitulated, or one side is empty: nothing to compare.
        let held = observations([3, 3], [0, 0])
        #expect(LogRank.pValueEarlier([.init(baseline: held, candidate: held)]) == 1)
        #expect(LogRank.pValueEarlier([.init(baseline: [], candidate: observations([1], [1]))]) == 1)
        // Identical curves sit exactly at the null.
        let same = observations([2, 3], [1, 0])
        #expect(abs(LogRank.pValueEarlier([.init(baseline: same, candidate: same)]) - 0.5) < 1e-12)
        // Strata add up: the same drop in two scenarios is stronger evidence than in one.
        let one = LogRank.Stratum(baseline: observations([3, 3, 3, 2], [0, 0, 0, 1]), candidate: observations([1, 1, 2, 3], [1, 1, 1, 0]))
        #expect(LogRank.pValueEarlier([one, one]) < LogRank.pValueEarlier([one]))
    }
}
