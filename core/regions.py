"""Names shared by the ETL and the app about regions: who processed the figures by default, and the
standard comparison every region has beside (or instead of) its own goal sets."""

PROJECT_NAME = "Läget i länet"  # named on the "Bearbetning:" line when a region's configuration names nobody
COMPARISON_ID = "jamforelse"  # `?malset=jamforelse`: the standard comparison; no goal-set file may take the name
COMPARISON_NAME = "Jämförelse med riket och länen"
