package frame

import "testing"

func TestCloseReconnects(t *testing.T) {
	reconnect := []int{1000, 1001, 1005, 1006, 1011, 1012, 1013, 1014, 3000, 4000, 4001, 4099, 4399, 4500, 4999}
	stop := []int{1002, 1003, 1007, 1008, 1009, 1010, 4400, 4403, 4499}
	for _, code := range reconnect {
		if !CloseReconnects(code) {
			t.Errorf("CloseReconnects(%d) = false, want a reconnect", code)
		}
	}
	for _, code := range stop {
		if CloseReconnects(code) {
			t.Errorf("CloseReconnects(%d) = true, want the client to stay closed", code)
		}
	}
	if CloseReconnects(CloseForbidden) || !CloseReconnects(CloseSlowReader) {
		t.Error("the named application codes are on the wrong side")
	}
}
