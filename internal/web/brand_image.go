package web

import (
	"bytes"
	"image"
	_ "image/gif" // decoders DecodeConfig checks uploads with
	_ "image/jpeg"
	_ "image/png"
	"net/http"
)

// BrandImage is an uploaded logo or favicon.
type BrandImage struct {
	Type string // image/png, image/jpeg, image/gif or image/x-icon
	Data []byte
}

// Upload limits: a header logo and a favicon are small; larger files are
// refused rather than shrunk.
const (
	LogoMaxBytes    = 256 << 10
	FaviconMaxBytes = 64 << 10
	logoMaxSide     = 2048
)

// CheckLogo checks an uploaded logo: PNG, JPEG or GIF that decodes, at
// most LogoMaxBytes and 2048 px a side. SVG is refused: it may carry
// script, and it would be served from our own origin.
func CheckLogo(data []byte) (BrandImage, string) {
	return checkImage(data, LogoMaxBytes, labelLogo, false)
}

// CheckFavicon checks an uploaded favicon: as a logo, or an ICO file, at
// most FaviconMaxBytes.
func CheckFavicon(data []byte) (BrandImage, string) {
	return checkImage(data, FaviconMaxBytes, labelFavicon, true)
}

func checkImage(data []byte, max int, label string, ico bool) (BrandImage, string) {
	if len(data) == 0 {
		return BrandImage{}, msgImageEmpty(label)
	}
	if len(data) > max {
		return BrandImage{}, msgImageTooBig(label, max>>10)
	}
	if ico && bytes.HasPrefix(data, []byte{0, 0, 1, 0}) && len(data) >= 22 {
		return BrandImage{Type: "image/x-icon", Data: data}, ""
	}
	kinds := imageKinds
	if ico {
		kinds = imageKindsWithICO
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return BrandImage{}, msgImageKind(label, kinds)
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > logoMaxSide || cfg.Height > logoMaxSide {
		return BrandImage{}, msgImageSide(label, logoMaxSide)
	}
	t := "image/" + format
	if t != http.DetectContentType(data) {
		return BrandImage{}, msgImageKind(label, kinds)
	}
	return BrandImage{Type: t, Data: data}, ""
}
