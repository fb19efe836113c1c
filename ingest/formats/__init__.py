"""One parser per publication format; each turns file content into a DraftMeeting and knows nothing of files."""
