//go:build race

package client

// raceEnabled: the race detector shadows memory (5 to 10 times, says Go's
// documentation), so peak RSS says little of the code under test.
const raceEnabled = true
