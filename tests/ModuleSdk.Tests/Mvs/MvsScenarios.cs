namespace ModuleSdk.Tests.Mvs;

/// <summary>
/// The scenarios of Go's mvs_test.go, in a notation of our own. A module is one capital letter
/// (its path) followed by its version: <c>B1</c>, <c>B5.hidden</c>, <c>Anone</c>; a bare letter is
/// a main module (version ""). Versions compare as strings, "none" lowest and "" highest; versions
/// ending in <c>.hidden</c> are never offered by Upgrade or Previous (as retracted ones).
/// <list type="bullet">
/// <item><c>== name: comment</c> starts a scenario.</item>
/// <item><c>X -&gt; Y1 Z2</c>: X requires Y1 and Z2 (nothing after the arrow: no requirements).</item>
/// <item><c>op args =&gt; result</c>: a check. <c>build T</c>, <c>upgrade-all T</c>,
/// <c>upgrade T U...</c>, <c>downgrade T D...</c>, <c>req T path...</c>, <c>upgrade-req T U...</c>
/// (Upgrade, then Req of the graph in which T requires the upgraded list).</item>
/// </list>
/// </summary>
internal static class MvsScenarios
{
    public const string Text = """
        == blog: the example of research.swtch.com/vgo-mvs
        A  -> B1 C2
        B1 -> D3
        C1 -> D2
        C2 -> D4
        C3 -> D5
        C4 -> G1
        D2 -> E1
        D3 -> E2
        D4 -> E2 F1
        D5 -> E2
        G1 -> C4
        A2 -> B1 C4 D4
        build A          => A B1 C2 D4 E2 F1
        upgrade-all A    => A B1 C4 D5 E2 F1 G1
        upgrade A C4     => A B1 C4 D4 E2 F1 G1
        build A2         => A2 B1 C4 D4 E2 F1 G1
        downgrade A2 D2  => A2 C4 D2 E2 F1 G1

        == trim: a requirement of a lower version still counts for its own requirements
        A  -> B1 C2
        B1 -> D3
        C2 -> B2
        B2 ->
        build A => A B2 C2 D3

        == cross1: D and E require each other's other versions; the result is the max of all
        A  -> B C
        B  -> D1
        C  -> D2
        D1 -> E2
        D2 -> E1
        build A => A B C D2 E2

        == cross1V
        A  -> B2 C D2 E1
        B1 ->
        B2 -> D1
        C  -> D2
        D1 -> E2
        D2 -> E1
        build A => A B2 C D2 E2

        == cross1U
        A  -> B1 C
        B1 ->
        B2 -> D1
        C  -> D2
        D1 -> E2
        D2 -> E1
        build A      => A B1 C D2 E1
        upgrade A B2 => A B2 C D2 E2

        == cross1R
        A  -> B C
        B  -> D2
        C  -> D1
        D1 -> E2
        D2 -> E1
        build A => A B C D2 E2

        == cross1X
        A  -> B C
        B  -> D1 E2
        C  -> D2
        D1 -> E2
        D2 -> E1
        build A => A B C D2 E2

        == cross2
        A  -> B D2
        B  -> D1
        D1 -> E2
        D2 -> E1
        build A => A B D2 E2

        == cross2X
        A  -> B D2
        B  -> D1 E2
        C  -> D2
        D1 -> E2
        D2 -> E1
        build A => A B D2 E2

        == cross3
        A  -> B D2 E1
        B  -> D1
        D1 -> E2
        D2 -> E1
        build A => A B D2 E2

        == cross3X
        A  -> B D2 E1
        B  -> D1 E2
        D1 -> E2
        D2 -> E1
        build A => A B D2 E2

        == cross4: B2 no longer needs D1, so E2 goes; but upgrading from A1 keeps E2 explicitly
        A1 -> B1 D2
        A2 -> B2 D2
        B1 -> D1
        B2 -> D2
        D1 -> E2
        D2 -> E1
        build A1          => A1 B1 D2 E2
        build A2          => A2 B2 D2 E1
        upgrade A1 B2     => A1 B2 D2 E2
        upgrade-req A1 B2 => B2 E2

        == cross5
        A  -> D1
        D1 -> E2
        D2 -> E1
        build A          => A D1 E2
        upgrade-all A    => A D2 E2
        upgrade A D2     => A D2 E2
        upgrade-req A D2 => D2 E2

        == cross6
        A  -> D2
        D1 -> E2
        D2 -> E1
        build A       => A D2 E1
        upgrade-all A => A D2 E2
        upgrade A E2  => A D2 E2

        == cross7
        A  -> B C
        B  -> D1
        C  -> E1
        D1 -> E2
        E1 -> D2
        build A => A B C D2 E2

        == cross8: golang.org/issue/31248, the I1 that X1 needs stays although X2 is selected
        M  -> A1 B1
        A1 -> X1
        B1 -> X2
        X1 -> I1
        X2 ->
        build M => M A1 B1 I1 X2

        == drop: upgrading B1 to B2 must not lose the path to D
        A  -> B1 C1
        B1 -> D1
        B2 ->
        C2 ->
        D2 ->
        build A       => A B1 C1 D1
        upgrade-all A => A B2 C2 D2

        == simplify
        A  -> B1 C1
        B1 -> C2
        C1 -> D1
        C2 ->
        build A => A B1 C2 D1

        == up1: hidden versions are never upgrade targets
        A  -> B1 C1
        B1 ->
        B2 ->
        B3 ->
        B4 ->
        B5.hidden ->
        C2 ->
        C3 ->
        build A       => A B1 C1
        upgrade-all A => A B4 C3

        == up2: but a hidden version already required is kept
        A  -> B5.hidden C1
        B1 ->
        B2 ->
        B3 ->
        B4 ->
        B5.hidden ->
        C2 ->
        C3 ->
        build A       => A B5.hidden C1
        upgrade-all A => A B5.hidden C3

        == down1
        A  -> B2
        B1 -> C1
        B2 -> C2
        build A        => A B2 C2
        downgrade A C1 => A B1 C1

        == down2
        A  -> B2 E2
        B1 ->
        B2 -> C2 F2
        C1 ->
        D1 ->
        C2 -> D2 E2
        D2 -> B2
        E2 -> D2
        E1 ->
        F1 ->
        build A        => A B2 C2 D2 E2 F2
        downgrade A F1 => A B1 C1 D1 E1 F1

        == downcross1: downgrading B2 to B1 would upgrade C1 to C2, so B goes entirely
        A  -> B2 C1
        B1 -> C2
        B2 -> C1
        C1 -> D2
        C2 ->
        D1 ->
        D2 ->
        build A        => A B2 C1 D2
        downgrade A D1 => A D1

        == downcross2: a downgrade may add a requirement on a module not required before
        A  -> B2
        B1 -> C1
        B2 -> D2
        C1 ->
        D1 ->
        D2 ->
        build A        => A B2 D2
        downgrade A D1 => A B1 C1 D1

        == downcycle
        A  -> A B2
        B2 -> A
        B1 ->
        build A        => A B2
        downgrade A B1 => A B1

        == downhiddenartifact: no E1 (needed only by B1, which no final version requires)
        A  -> B3 C2
        A1 -> B3
        B1 -> E1
        B2.hidden ->
        B3 -> D2
        C1 -> B2.hidden
        C2 -> D2
        D1 ->
        D2 ->
        build A1         => A1 B3 D2
        downgrade A1 D1  => A1 B1 D1 E1
        build A          => A B3 C2 D2
        downgrade A D1   => A B2.hidden C1 D1

        == downhiddencross: B and C both land on hidden versions that each other's downgrade requires
        A  -> B3 C3
        B1 -> C2.hidden
        B2.hidden ->
        B3 -> D2
        C1 -> B2.hidden
        C2.hidden ->
        C3 -> D2
        D1 ->
        D2 ->
        build A        => A B3 C3 D2
        downgrade A D1 => A B2.hidden C2.hidden D1

        == noprev1: golang.org/issue/25542, downgrading to a version Previous never offers
        A  -> B4 C2
        B2.hidden ->
        C2 ->
        build A               => A B4 C2
        downgrade A B2.hidden => A B2.hidden C2

        == noprev2
        A  -> B4 C2
        B2.hidden ->
        B1 ->
        C2 ->
        build A               => A B4 C2
        downgrade A B2.hidden => A B2.hidden C2

        == noprev3
        A  -> B4 C2
        B3 ->
        B2.hidden ->
        C2 ->
        build A               => A B4 C2
        downgrade A B2.hidden => A B2.hidden C2

        == cycle1: the target stays the newest version of itself
        A  -> B1
        B1 -> A1
        B2 -> A2
        B3 -> A3
        build A       => A B1
        upgrade A B2  => A B2
        upgrade-all A => A B3

        == cycle2: golang.org/issue/29773, requirements of older versions of the target carry over
        A  -> B1
        A1 -> C1
        A2 -> D1
        B1 -> A1
        B2 -> A2
        C1 -> A2
        C2 ->
        D2 ->
        build A       => A B1 C1 D1
        upgrade-all A => A B2 C2 D2

        == cycle3: golang.org/issue/34086, cycles with more than one minimal answer
        M  -> A1 C2
        A1 -> B1
        B1 -> C1
        B2 -> C2
        C1 ->
        C2 -> B2
        build M => M A1 B2 C2
        req M   => A1 B2
        req M A => A1 B2
        req M C => A1 C2

        == req1
        A  -> B1 C1 D1 E1 F1
        B1 -> C1 E1 F1
        req A   => B1 D1
        req A C => B1 C1 D1

        == req2
        A  -> G1 H1
        G1 -> H1
        H1 -> G1
        req A   => G1
        req A G => G1
        req A H => H1

        == req3
        M  -> A1 B1
        A1 -> X1
        B1 -> X2
        X1 -> I1
        X2 ->
        req M => A1 B1

        == reqnone: requirements on "none" select nothing
        M  -> Anone B1 D1 E1
        B1 -> Cnone D1
        E1 -> Fnone
        build M => M B1 D1 E1
        req M   => B1 E1

        == reqdup: a base path given twice is kept once
        M  -> A1 B1
        A1 -> B1
        B1 ->
        req M A A => A1

        == reqcross
        M  -> A1 B1 C1
        A1 -> B1 C1
        B1 -> C1
        C1 ->
        req M A B => A1 B1
        """;
}
