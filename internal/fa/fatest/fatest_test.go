package fatest_test

import (
	"sync"
	"testing"
	"time"

	"pishkhan/internal/fa"
	"pishkhan/internal/fa/fatest"
)

func TestStandingClockMovesOnlyWhenMoved(t *testing.T) {
	start := time.Date(2026, 3, 21, 8, 0, 0, 0, time.UTC)
	c := fatest.NewClock(start)
	time.Sleep(2 * time.Millisecond)
	if got := c.Now(); !got.Equal(start) {
		t.Fatalf("a standing clock moved by itself: %v", got)
	}
	c.Advance(29*time.Minute + 59*time.Second)
	if got := c.Now().Sub(start); got != 29*time.Minute+59*time.Second {
		t.Fatalf("advanced by %v", got)
	}
	later := start.Add(72 * time.Hour)
	c.Set(later)
	if !c.Now().Equal(later) {
		t.Fatalf("set to %v, reads %v", later, c.Now())
	}
}

func TestRunningClockRunsAndAdvances(t *testing.T) {
	c := fatest.Running()
	before := c.Now()
	if d := time.Until(before); d > time.Second || d < -time.Second {
		t.Fatalf("a running clock does not start at real time: %v", before)
	}
	time.Sleep(5 * time.Millisecond)
	if !c.Now().After(before) {
		t.Fatal("a running clock stood still")
	}
	c.Advance(72 * time.Hour)
	if d := c.Now().Sub(before); d < 72*time.Hour || d > 72*time.Hour+time.Minute {
		t.Fatalf("advanced by 72h, moved %v", d)
	}
	c.Set(fatest.At(1403, 12, 29))
	if d := c.Now().Sub(fatest.At(1403, 12, 29)); d < 0 || d > time.Second {
		t.Fatalf("set, then read %v later", d)
	}
}

func TestClockIsSafeForConcurrentUse(t *testing.T) {
	c := fatest.NewClock(time.Unix(0, 0))
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				c.Advance(time.Second)
				_ = c.Now()
			}
		}()
	}
	wg.Wait()
	if got := c.Now().Unix(); got != 800 {
		t.Fatalf("800 advances of a second read %d", got)
	}
}

func TestAtIsNoonInTehranOnAJalaliDay(t *testing.T) {
	at := fatest.At(1403, 6, 15)
	if j := fa.JalaliOf(at); j.Year != 1403 || j.Month != 6 || j.Day != 15 {
		t.Fatalf("At(1403, 6, 15) is Jalali %+v", j)
	}
	if h, m, _ := at.In(fa.Tehran).Clock(); h != 12 || m != 0 {
		t.Fatalf("At is %02d:%02d in Tehran, want noon", h, m)
	}
	if got := fatest.AtTime(1394, 11, 25, 23, 30).In(fa.Tehran).Format("15:04"); got != "23:30" {
		t.Fatalf("AtTime 23:30 reads %s", got)
	}
}

func TestNationalCodeIsValid(t *testing.T) {
	for _, first9 := range []string{"123456789", "000000001", "223000001", "987654321"} {
		code := fatest.NationalCode(first9)
		if got, err := fa.ParseNationalCode(code); err != nil || got != code {
			t.Fatalf("NationalCode(%s) = %s: %v", first9, code, err)
		}
	}
}
