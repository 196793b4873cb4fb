"""The ReviewDesk Moderation API, v1: typed wire models shared by server and client."""

API_PREFIX = "/v1"
