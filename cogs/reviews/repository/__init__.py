"""The relationship review's storage: pairs with their schedule, rounds with each partner's
sealed answers, and the feature's part of /mydata."""
