package mock

// ResidentSet lends the soak's rss to the external tests, which measure the
// resident set too (Go's export_test idiom: it exists only under go test).
var ResidentSet = rss
