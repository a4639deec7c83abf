import Testing
@testable import ValueStats

// Reference values computed independently in Python 3.11 with scipy 1.17 (scipy.stats.norm)
// from the textbook Wilson and pooled two-proportion z formulas, rounded to 6 places.
struct ProportionTests {
    @Test func wilsonIntervalMatchesReference() {
        let interval = Proportion(7, of: 20).wilsonInterval()
        #expect(abs(interval.lowerBound - 0.181192) < 1e-5)
        #expect(abs(interval.upperBound - 0.567146) < 1e-5)
    }

    @Test func wilsonIntervalAtTheEdges() {
        let none = Proportion(0, of: 10).wilsonInterval()
        #expect(none.lowerBound == 0)
        #expect(abs(none.upperBound - 0.277533) < 1e-5)
        let all = Proportion(10, of: 10).wilsonInterval()
        #expect(abs(all.lowerBound - 0.722467) < 1e-5)
        #expect(all.upperBound == 1)
        let one = Proportion(1, of: 1).wilsonInterval()
        #expect(abs(one.lowerBound - 0.206549) < 1e-5)
        #expect(Proportion(0, of: 0).wilsonInterval() == 0...1)
    }

    @Test func twoProportionZTestMatchesReference() {
        // 30/50 -> 18/50: z = -2.4, norm.cdf(z) = 0.008155
        let baseline = Proportion(30, of: 50), candidate = Proportion(18, of: 50)
        #expect(abs(ProportionTest.pValueDecrease(baseline: baseline, candidate: candidate) - 0.008155) < 1e-5)
        #expect(abs(ProportionTest.pValueTwoSided(baseline: baseline, candidate: candidate) - 0.016309) < 1e-5)
        #expect(abs(ProportionTest.pValueIncrease(baseline: baseline, candidate: candidate) - 0.991845) < 1e-5)
    }

    @Test func undefinedComparisonsNeverLookSignificant() {
        #expect(ProportionTest.pValueDecrease(baseline: Proportion(0, of: 5), candidate: Proportion(0, of: 5)) == 1)
        #expect(ProportionTest.pValueTwoSided(baseline: Proportion(5, of: 5), candidate: Proportion(5, of: 5)) == 1)
        #expect(ProportionTest.pValueIncrease(baseline: Proportion(0, of: 0), candidate: Proportion(3, of: 5)) == 1)
    }
}
